// The text reader's Web Worker: a TextJob exposed with comlink, so a CSV of 10⁷ numbers is parsed off the
// page while the page shows progress and can cancel.
import { expose } from 'comlink'
import { TextJob } from '../lab/textReader'

expose(new TextJob())
