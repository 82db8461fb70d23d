// The `#/model/accuracy` view's Web Worker: the digits network calibrated and run in integers off the main
// thread, so a dragged slider re-evaluates without blocking the page.
import { expose } from 'comlink'
import { AccuracyEngine } from '../engine/accuracyEngine'

expose(new AccuracyEngine())
