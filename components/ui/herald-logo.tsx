export function HeraldLogo({ className = "" }: { className?: string }) {
  return (
    <span className={`inline-flex items-center gap-2 font-semibold tracking-tight ${className}`}>
      <svg aria-hidden="true" viewBox="0 0 24 24" className="size-7 text-brand-600 dark:text-brand-500">
        <rect width="24" height="24" rx="7" fill="currentColor" />
        <path
          d="M7 16.5V11a5 5 0 0 1 10 0v5.5l1 1.5H6l1-1.5ZM10.5 19.5a1.5 1.5 0 0 0 3 0"
          fill="none"
          stroke="white"
          strokeWidth="1.6"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      </svg>
      Herald
    </span>
  );
}
