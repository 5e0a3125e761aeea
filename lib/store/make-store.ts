import { configureStore } from "@reduxjs/toolkit";
import { inboxApi, type StoreExtra } from "./inbox-api";
import { realtimeStatusSlice } from "./realtime-status-slice";

/** One store per request on the server and per page in the browser: never a module singleton. */
export function makeStore(extra: StoreExtra = {}) {
  return configureStore({
    reducer: { [inboxApi.reducerPath]: inboxApi.reducer, [realtimeStatusSlice.reducerPath]: realtimeStatusSlice.reducer },
    middleware: (getDefault) => getDefault({ thunk: { extraArgument: extra } }).concat(inboxApi.middleware),
  });
}
