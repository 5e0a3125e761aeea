// The kit with React in the same file, for a page without a bundler: it imports React, the
// root and the kit from this one module, so there is exactly one copy of React.
import React from "react";

export * from "./index";
export { React };
export { createRoot } from "react-dom/client";
