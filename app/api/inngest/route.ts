import { serve } from "inngest/next";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest";

// Must be a literal in this file for Next.js to read it: long steps need time.
export const maxDuration = 300;

export const { GET, POST, PUT } = serve({ client: inngest, functions });
