// English messages of the learn views (keys prefixed 'learn.'); learn.zh-CN.ts must have the same keys.
export const learnEn = {} as const
