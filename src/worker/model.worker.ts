// The model view's Web Worker: reads model files and computes the per-layer reports off the main thread.
import { expose } from 'comlink'
import { ModelEngine } from '../models/engine'

expose(new ModelEngine())
