// The model view's Web Worker: reads model files and computes the per-layer reports off the main thread.
// Served like the Lab's engine (serve.ts): one call at a time, a heartbeat while a long one runs or a load
// waits for its files, and cancel, so that the page's client (workerClient) tells a slow worker from a dead one.
import { expose } from 'comlink'
import { ModelEngine } from '../models/engine'
import { serveEngine } from './serve'

expose(serveEngine(new ModelEngine(), (m) => self.postMessage(m)))
