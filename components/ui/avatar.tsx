"use client";

import { useState } from "react";

const palette = ["bg-rose-500", "bg-amber-500", "bg-emerald-500", "bg-sky-500", "bg-violet-500", "bg-fuchsia-500"];
const dimensions = { sm: "size-8 text-xs", md: "size-8 text-xs", lg: "size-11 text-base" };

/** A person's picture, or their initials on a colour of their name when there is none (or it fails to load). */
export function Avatar({ name, src, size = "md" }: { name: string; src?: string | null; size?: keyof typeof dimensions }) {
  const [failed, setFailed] = useState(false);
  const initials = name
    .split(/\s+/)
    .filter(Boolean)
    .map((part) => part[0])
    .join("")
    .slice(0, 2)
    .toUpperCase();
  if (src && !failed) {
    return (
      // A plain img: avatars come from any host, and next/image would need each one configured.
      // eslint-disable-next-line @next/next/no-img-element
      <img src={src} alt="" aria-hidden="true" data-avatar="image" onError={() => setFailed(true)} className={`shrink-0 rounded-full object-cover ${dimensions[size]}`} />
    );
  }
  const color = palette[[...name].reduce((sum, ch) => sum + ch.charCodeAt(0), 0) % palette.length];
  return (
    <span
      aria-hidden="true"
      data-avatar="initials"
      className={`inline-flex shrink-0 items-center justify-center rounded-full font-semibold text-white ${color} ${dimensions[size]}`}
    >
      {initials}
    </span>
  );
}
