// The parts of Inngest's function configuration and wire protocol the executor understands.

export type FunctionTrigger = { event: string; expression?: string } | { cron: string };

export type FunctionConfig = {
  id: string;
  name?: string;
  triggers: FunctionTrigger[];
  steps: Record<string, { id: string; name: string; runtime: { type: string; url: string }; retries?: { attempts?: number } }>;
  concurrency?: { limit: number; key?: string; scope?: string }[];
  idempotency?: string;
  cancel?: { event: string; if?: string; timeout?: string }[];
  priority?: { run?: string };
  throttle?: unknown;
  rateLimit?: unknown;
  debounce?: unknown;
  batchEvents?: unknown;
};

export type InngestEvent = {
  id?: string;
  name: string;
  data?: Record<string, unknown>;
  user?: Record<string, unknown>;
  ts?: number;
  v?: string;
};

export type OutgoingOp = {
  id: string;
  op: string;
  name?: string;
  displayName?: string;
  data?: unknown;
  error?: unknown;
  opts?: Record<string, unknown>;
  userland?: { id: string; index?: number };
};
