// The Lab's Web Worker: one LabEngine that owns the tensor, exposed with comlink, so large tensors
// (up to 10⁷ values) and KL sweeps never block the page.
import { expose } from 'comlink'
import { LabEngine } from '../engine/labEngine'

expose(new LabEngine())
