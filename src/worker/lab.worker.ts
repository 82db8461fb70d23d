// The Lab's Web Worker: one LabEngine that owns the tensor, exposed with comlink, so large tensors
// (up to 10⁷ values) and KL sweeps never block the page. A long call says every second that it is still
// working (heartbeat.ts), so the client does not mistake it for a dead worker.
import { expose } from 'comlink'
import { LabEngine } from '../engine/labEngine'
import { withHeartbeat } from './heartbeat'

expose(withHeartbeat(new LabEngine(), (m) => self.postMessage(m)))
