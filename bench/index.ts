// `npm run bench`: prints the figures for the budgets in PRODUCT.md (Node side).
import { runBasicBench } from './basic'
import { runCalibrationBench } from './calibration'
import { runModelBench } from './model'
import { runFormatsBench } from './formats'
import { runNetworkBench } from './network'
import { runOpsBench } from './ops'
import { runTextBench } from './text'

console.log('Quant Lab benchmarks (Node ' + process.version + ')\n')
runBasicBench()
console.log('')
runCalibrationBench()
console.log('')
runOpsBench()
console.log('')
await runModelBench()
runFormatsBench()
console.log('')
runNetworkBench()
runTextBench()
