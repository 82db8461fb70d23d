// The Lab's Web Worker: one LabEngine that owns the tensor, exposed with comlink, so large tensors
// (up to 10⁷ values) and KL sweeps never block the page. Calls run one at a time in slices; a long one says
// every second that it is still working, and one made stale by newer settings can be cancelled (serve.ts).
// While nothing waits, the worker warms the tensor's passes and the calibrators up (engine/warmUp.ts), so that
// a first large tensor and the first switch to a calibrator run compiled code.
import { expose } from 'comlink'
import { LabEngine } from '../engine/labEngine'
import { labWarmUp } from '../engine/warmUp'
import { serveEngine } from './serve'

expose(serveEngine(new LabEngine(), (m) => self.postMessage(m), { idle: labWarmUp }))
