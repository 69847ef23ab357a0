export * from "./meta";
export * from "./guidance";
