export * from "./meta";
export * from "./guidance";
export * from "./accounts";
export * from "./units";
export * from "./broadcasts";
export * from "./outbox";
export * from "./audit";
export * from "./reports";
