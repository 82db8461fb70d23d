// English messages for the model view's models, each with a worker of its own (views/model/modelStore.ts);
// models.zh-CN.ts must have the same keys.
export const modelsEn = {
  // the notice of one model whose worker gave up: named, so that it is read as that model's only
  'model.workerFallback':
    '“{model}” is read and computed on this page: its background worker is not available ({detail}). Large models are slower and may pause the page briefly.',
} as const
