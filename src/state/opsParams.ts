// Moved to src/params/ (pure link-parameter modules the engine may import); kept so existing imports work.
export * from '../params/opsParams'
