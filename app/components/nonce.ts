import { createContext, useContext } from "react";

/** The per-response CSP nonce, set on the server; empty in the browser, which hides it anyway. */
export const NonceContext = createContext("");
export const useNonce = () => useContext(NonceContext);
