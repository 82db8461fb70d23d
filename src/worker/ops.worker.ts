// The ops views' Web Worker: one OpsEngine (add and dense view models) exposed with comlink, so a
// 256 × 1024 × 1024 dense layer or an add of 10⁶ elements never blocks the page.
import { expose } from 'comlink'
import { OpsEngine } from '../engine/ops'

expose(new OpsEngine())
