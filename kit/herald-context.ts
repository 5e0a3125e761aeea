import { createContext, useContext } from "react";

/** What the kit's hooks share: where Herald is, how to call it as the user, and the locale. */
export type HeraldContextValue = {
  baseUrl: string;
  locale: string | undefined;
  /** Calls Herald's user API (`path` below `/api/`) with the user's token; answers the parsed JSON or throws a HeraldError. */
  request: <T>(path: string, init?: RequestInit) => Promise<T>;
};

export const HeraldContext = createContext<HeraldContextValue | null>(null);

/** The provider's context; a hook used outside a HeraldProvider says so instead of failing later. */
export function useHeraldContext(): HeraldContextValue {
  const value = useContext(HeraldContext);
  if (!value) throw new Error("Herald's hooks and components must be used inside <HeraldProvider>.");
  return value;
}
