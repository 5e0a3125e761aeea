import { createSlice, type PayloadAction } from "@reduxjs/toolkit";
import type { RealtimeStatus } from "@/lib/realtime/client/realtime-source";

/** The live feed's state, whichever source drives it, so the bell can say when it is not live. */
export const realtimeStatusSlice = createSlice({
  name: "realtime",
  initialState: { status: "connecting" as RealtimeStatus },
  reducers: {
    realtimeStatusChanged: (state, action: PayloadAction<RealtimeStatus>) => {
      state.status = action.payload;
    },
  },
  selectors: { selectRealtimeStatus: (state) => state.status },
});

export const { realtimeStatusChanged } = realtimeStatusSlice.actions;
export const { selectRealtimeStatus } = realtimeStatusSlice.selectors;
