// Corrupt model files, said in Chinese: the readers' English details ("member w.npy: bad CRC-32") and the
// libraries' own words (protobufjs's "invalid wire type 7 at offset 1", fflate's "invalid distance",
// JSON.parse's and TextDecoder's) were put inside the Chinese messages of the model view. Each now has a
// reason of its own, in both languages; the test loads a corrupt file of each kind and reads what the page says.
import { act, render, waitFor } from '@testing-library/react'
import { zipSync } from 'fflate'
import protobuf from 'protobufjs'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { writeSafetensors } from '../../src/models'
import { ONNX_SCHEMA } from '../../src/models/onnx'
import ModelPage from '../../src/views/model/ModelPage'
import { loadModel, useModel } from '../../src/views/model/modelStore'
import { rawNpy } from '../helpers/rawNpy'
import { showModelView, withModelWorker } from '../helpers/modelView'
import { f32, servedFetch } from '../helpers/servedFile'
import { writeNpy } from '../helpers/writeNpy'

// no Worker: the files are read on the page
withModelWorker(undefined)
afterEach(() => {
  vi.unstubAllGlobals()
})

const u8 = (b: ArrayBuffer) => new Uint8Array(b)
const enc = (s: string) => new TextEncoder().encode(s)
const npy = u8(writeNpy([1.5, -2, 0.25, 3, 8, -16], [2, 3], { descr: '<f4' }))
const Model = protobuf.Root.fromJSON(ONNX_SCHEMA).lookupType('onnx.ModelProto')
const onnx = (init: Record<string, unknown>) =>
  Model.encode(Model.fromObject({ graph: { initializer: [{ name: 'w', dims: [2, 3], ...init }] } })).finish()
const goodOnnx = onnx({ dataType: 1, floatData: [1, 2, 3, 4, 5, 6] })
/** a .safetensors file whose header is `header`'s bytes */
const safetensors = (header: Uint8Array) => {
  const out = new Uint8Array(8 + header.length)
  new DataView(out.buffer).setBigUint64(0, BigInt(header.length), true)
  out.set(header, 8)
  return out
}

/** a stored .npz member whose last byte was damaged: its CRC-32 no longer matches */
function crcMismatch() {
  const zip = zipSync({ 'w.npy': [npy, { level: 0 }] })
  zip[30 + 'w.npy'.length + npy.length - 1] ^= 0x01
  return zip
}
/** a deflated .npz member whose compressed bytes were damaged (fflate: "invalid distance") */
function deflateDamaged() {
  const zip = zipSync({ 'w.npy': [npy, { level: 6 }] })
  for (let i = 40; i < 60; i++) zip[i] ^= 0xff
  return zip
}
/** a .npy of format version 4 in an archive */
function npyVersion4() {
  const v4 = npy.slice()
  v4[6] = 4
  return zipSync({ 'w.npy': [v4, { level: 0 }] })
}

interface Case {
  what: string
  files: { name: string; bytes: Uint8Array }[]
  /** the file the message names, when not the first */
  file?: string
  /** what the Chinese message says of it */
  says: string
  /** the ASCII words it may hold besides the file's name and its extensions: names and format names */
  allowed: string[]
  /** a file whose contents do not decode: said so, not that its header cannot be read (an .onnx has none) */
  damaged?: true
}

const CASES: Case[] = [
  {
    what: '.npz: a member whose CRC-32 does not match',
    files: [{ name: 'm.npz', bytes: crcMismatch() }],
    says: '其中文件 w.npy 的 CRC-32 校验值不符',
    allowed: ['w', 'CRC-32', 'numpy'],
  },
  {
    what: '.npz: damaged compressed data',
    damaged: true,
    files: [{ name: 'm.npz', bytes: deflateDamaged() }],
    says: '其中文件 w.npy 的压缩数据已损坏',
    allowed: ['w'],
  },
  {
    what: '.npz: an archive cut short',
    files: [{ name: 'm.npz', bytes: zipSync({ 'w.npy': [npy, { level: 0 }] }).slice(0, -30) }],
    says: '它不是 zip 压缩包',
    allowed: ['zip'],
  },
  {
    // (beside .npy arrays, such members are skipped, as numpy skips them: test/unit/npzSkipped.test.ts)
    what: '.npz: no .npy array, only other files',
    files: [{ name: 'm.npz', bytes: zipSync({ 'notes.txt': enc('hello'), 'docs/meta.json': enc('{}') }) }],
    says: '其中没有 .npy 数组，只有 2 个其他文件：notes.txt、docs/meta.json。',
    allowed: ['notes', 'docs', 'meta'],
  },
  {
    what: '.npz: a .npy of format version 4',
    files: [{ name: 'm.npz', bytes: npyVersion4() }],
    says: '数组 w 的 .npy 格式版本是 4',
    allowed: ['w'],
  },
  {
    what: '.npy: a shape of more values than a tensor may have',
    files: [{ name: 'big.npy', bytes: rawNpy('<f4', '(100000, 100000)') }],
    says: '张量 big 有 10,000,000,000 个值',
    allowed: ['big'],
  },
  {
    what: '.npy: a shape that is no list of counts',
    files: [{ name: 'bad.npy', bytes: rawNpy('<f4', '(3, -1)') }],
    says: '张量 bad 的形状是 (3, -1)',
    allowed: ['bad'],
  },
  {
    what: '.onnx: a field of a wire type protobuf does not have',
    damaged: true,
    files: [{ name: 'm.onnx', bytes: Uint8Array.from([(7 << 3) | 7, 1, 2]) }],
    says: '线路类型 7',
    allowed: ['protobuf', 'ONNX'],
  },
  {
    what: '.onnx: a file cut short',
    files: [{ name: 'm.onnx', bytes: goodOnnx.slice(0, -3) }],
    says: '字段的中途就结束了',
    allowed: ['protobuf'],
  },
  {
    what: '.onnx: a tag of field number 0',
    damaged: true,
    files: [{ name: 'm.onnx', bytes: Uint8Array.from([0, 0, 0]) }],
    says: '不是有效的 protobuf 消息',
    allowed: ['protobuf', 'ONNX'],
  },
  {
    what: '.onnx: an initializer without a data type',
    files: [{ name: 'm.onnx', bytes: onnx({ dataType: 0 }) }],
    says: '张量 w 的 data_type 是 0',
    allowed: ['w', 'data_type'],
  },
  {
    what: '.onnx: raw data of the wrong length',
    files: [{ name: 'm.onnx', bytes: onnx({ dataType: 1, rawData: new Uint8Array(5) }) }],
    says: '张量 w 有 5 字节的数据，而 6 个 FLOAT 类型的值需要 24 字节',
    allowed: ['w', 'FLOAT'],
  },
  {
    what: '.safetensors: a header that is not JSON',
    files: [{ name: 'm.safetensors', bytes: safetensors(enc('{"w": ')) }],
    says: '文件头不是有效的 JSON',
    allowed: ['JSON'],
  },
  {
    what: '.safetensors: a header that is not UTF-8',
    files: [{ name: 'm.safetensors', bytes: safetensors(Uint8Array.from([0x7b, 0xff, 0xfe, 0x7d])) }],
    says: '文件头不是 UTF-8 文本',
    allowed: ['UTF-8'],
  },
  {
    what: '.safetensors: a tensor past the end of the file',
    files: [
      {
        name: 'm.safetensors',
        bytes: writeSafetensors([
          { name: 'w', dtype: 'F32', shape: [2, 3], bytes: f32([1, 2, 3, 4, 5, 6]) },
        ]).slice(0, -4),
      },
    ],
    says: '张量 w 的数据在第',
    allowed: ['w'],
  },
  {
    what: '.safetensors: two tensors over the same bytes',
    files: [
      {
        name: 'm.safetensors',
        bytes: (() => {
          const head = enc(
            JSON.stringify({
              w: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
              v: { dtype: 'F32', shape: [2], data_offsets: [4, 12] },
            }),
          )
          const out = new Uint8Array(safetensors(head).length + 12)
          out.set(safetensors(head))
          return out
        })(),
      },
    ],
    says: '张量 w 和 v 的数据从数据区第 4 字节起相互重叠',
    allowed: ['w', 'v'],
  },
  {
    what: 'TensorFlow.js: a manifest that is not JSON',
    files: [{ name: 'model.json', bytes: enc('{"weightsManifest": [') }],
    says: '清单不是有效的 JSON',
    allowed: ['JSON'],
  },
  {
    what: 'TensorFlow.js: shards shorter than the weights',
    files: [
      {
        name: 'model.json',
        bytes: enc(
          JSON.stringify({
            weightsManifest: [
              { paths: ['group1-shard1of1.bin'], weights: [{ name: 'w', shape: [2, 3], dtype: 'float32' }] },
            ],
          }),
        ),
      },
      { name: 'group1-shard1of1.bin', bytes: new Uint8Array(8) },
    ],
    file: 'group1-shard1of1.bin',
    says: '权重 w 需要分片的前 24 字节，而分片共只有 8 字节',
    allowed: ['w'],
  },
]

/**
 * The ASCII words of `text` (runs of letters, digits, '_' and '-' that start with a letter) that are not in
 * `allowed`, once the quoted file name, the files' extensions and the formats' names the messages list (TensorFlow.js)
 * are taken out: "invalid wire type" gives three.
 */
function foreignWords(text: string, allowed: string[]): string[] {
  const words =
    text
      .replace(/“[^”]*”/g, '')
      .replace(/TensorFlow\.js/g, '')
      .replace(/\.(npy|npz|onnx|safetensors|json|bin|txt)\b/g, '')
      .match(/[A-Za-z][A-Za-z0-9_-]*/g) ?? []
  return words.filter((w) => !allowed.includes(w))
}

/** load `files` as the user's model and return what the page says, its last error */
async function refusal(view: ReturnType<typeof render>, files: Case['files']) {
  const byUrl = new Map(files.map((f) => [`http://localhost/${f.name}`, f.bytes]))
  vi.stubGlobal('fetch', (url: string) => servedFetch(byUrl.get(url)!)())
  const before = useModel.getState().errors.length
  let ok = true
  await act(async () => {
    ok = await loadModel(
      'loaded',
      { urls: files.map((f) => ({ name: f.name, url: `http://localhost/${f.name}` })) },
      files[0].name,
    )
  })
  expect(ok).toBe(false)
  expect(useModel.getState().errors.length).toBeGreaterThan(Math.min(before, 3))
  return waitFor(() => {
    const shown = [...view.container.querySelectorAll('.notice.error span')]
    expect(shown.length).toBeGreaterThan(0)
    return shown.at(-1)!.textContent ?? ''
  })
}

describe('a corrupt model file, said in Chinese', () => {
  it.each(CASES)('$what', async ({ files, file, says, allowed, damaged }) => {
    act(() => showModelView('src=loaded', 'zh-CN'))
    const view = render(<ModelPage />)
    const text = await refusal(view, files)
    expect(text).toContain(`“${file ?? files[0].name}”`)
    expect(text).toContain(says)
    if (damaged) {
      expect(text).toContain(`“${files[0].name}”无法读取：文件内容已损坏。`)
      expect(text).not.toContain('文件头')
    }
    // no English word, the library's own words included, and no placeholder left unfilled
    expect(foreignWords(text, allowed), text).toEqual([])
    expect(text).not.toMatch(/[{}]/)
    view.unmount()
  })

  it('a file the browser cannot read: its English words only in the tooltip', async () => {
    act(() => showModelView('src=loaded', 'zh-CN'))
    const view = render(<ModelPage />)
    const message = 'The requested file could not be read, typically due to permission problems.'
    // (the file was deleted after it was chosen: its stream fails)
    const file = {
      name: 'gone.onnx',
      size: 10,
      stream: () =>
        new ReadableStream<Uint8Array>({
          pull(c) {
            c.error(new DOMException(message, 'NotReadableError'))
          },
        }),
    } as unknown as File
    await act(async () => {
      expect(await loadModel('loaded', { files: [file] }, 'gone.onnx')).toBe(false)
    })
    const span = await waitFor(() => {
      const el = view.container.querySelector('.notice.error span')
      expect(el).not.toBeNull()
      return el!
    })
    expect(span.textContent?.trim()).toBe(
      '“gone.onnx”读取失败。浏览器无法读取这个文件：选择之后，它可能被移动、修改或删除了。',
    )
    expect(span.getAttribute('title')).toBe(`NotReadableError: ${message}`)
    view.unmount()
  })

  it('the English page says the same in English (protobuf’s wire type, the CRC-32)', async () => {
    act(() => showModelView('src=loaded', 'en'))
    const view = render(<ModelPage />)
    const wire = await refusal(view, CASES.find((c) => c.what.includes('wire type'))!.files)
    expect(wire).toContain('Near byte 1, a field is marked with wire type 7, which protobuf does not have')
    const crc = await refusal(view, CASES[0].files)
    expect(crc).toContain('The CRC-32 checksum of its file w.npy does not match')
    expect(crc).not.toMatch(/[\u4e00-\u9fff]/)
    view.unmount()
  })
})
