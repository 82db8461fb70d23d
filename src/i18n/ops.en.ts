// English messages of the ops views (keys prefixed 'ops.'); ops.zh-CN.ts must have the same keys.
export const opsEn = {} as const
