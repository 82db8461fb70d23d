// English messages of the model readers' reasons (models/types.ts ReadReason: `read.why.<key>`), each a
// sentence that follows the model view's message for its code; why.zh-CN.ts has the same keys. Their values
// are names, numbers and the file's own text, never words.
export const whyEn = {
  // safetensors
  'read.why.tooShort':
    'It has {bytes} {bytes?byte|bytes}, fewer than the 8 that give the length of a .safetensors header.',
  'read.why.headerLength':
    'Its header is announced as {bytes} {bytes?byte|bytes} long, but the whole file has {size} {size?byte|bytes}.',
  'read.why.headerUtf8': 'The header is not UTF-8 text.',
  'read.why.headerJson': 'The header is not valid JSON.',
  'read.why.headerObject': 'The header is not a JSON object.',
  'read.why.entry': 'The entry of tensor {name} is not a JSON object.',
  'read.why.noDtype': 'Tensor {name} has no dtype.',
  'read.why.offsets': 'The data_offsets of tensor {name} are not two whole numbers ≥ 0.',
  'read.why.endsAt':
    'The data of tensor {name} ends at byte {at}, past the end of the file ({size} {size?byte|bytes}).',
  'read.why.dataOverlap':
    'The data of tensors {a} and {b} overlap, from byte {from} of the data on: each byte of a .safetensors file belongs to one tensor.',
  'read.why.dataGap':
    'The {count} {count?byte|bytes} of data from byte {from} on belong to no tensor: a .safetensors file leaves no gaps between its tensors.',
  // any format
  'read.why.dtypeOf': 'Tensor {name} is of type {dtype}.',
  'read.why.byteCount':
    'Tensor {name} has {bytes} {bytes?byte|bytes} of data, but {count} {count?value|values} of type {dtype} take {need} {need?byte|bytes}.',
  'read.why.valueCount':
    'Tensor {name} holds {count} {count?value|values}, but its shape {shape} needs {need}.',
  'read.why.shape': 'Tensor {name} has the shape {shape}, which is not a list of whole numbers ≥ 0.',
  'read.why.noShape': 'Tensor {name} has no shape.',
  'read.why.values':
    'Tensor {name} has {count} {count?value|values}; this page reads at most {max} per tensor.',
  'read.why.fileSize': 'The files take {size} MiB together; this page reads at most {max} MiB.',
  'read.why.memory': 'The browser could not give the page enough memory for it.',
  'read.why.unreadable':
    'The browser could not read the file: it may have been moved, changed or deleted since it was chosen.',
  'read.why.unexpected': 'An unexpected error stopped the reading.',
  // .onnx
  'read.why.pbEnd': 'The file ends in the middle of a protobuf field.',
  'read.why.pbWireType':
    'Near byte {offset}, a field is marked with wire type {type}, which protobuf does not have: the file is not a valid ONNX model.',
  'read.why.pbInvalid': 'It is not a valid protobuf message, as an ONNX model is.',
  'read.why.tensorCount': 'It holds more than {max} {max?tensor|tensors}.',
  'read.why.onnxType': 'Tensor {name} has data_type {code}, which is not a numeric type this page reads.',
  // .npy, and each .npy of a .npz
  'read.why.npyMagic': 'The first bytes of {name} are not \\x93NUMPY.',
  'read.why.npyEnd': 'The array {name} ends before all its values.',
  'read.why.npyVersion':
    'The array {name} is in .npy format version {version}; this page reads versions 1 to 3.',
  'read.why.npyHeaderSize':
    'The header of the array {name} has {bytes} {bytes?byte|bytes}; numpy reads headers of at most {max}.',
  'read.why.npyAxes': 'The array {name} has {count} {count?axis|axes}; numpy allows at most {max}.',
  'read.why.npyDict': 'The header of the array {name} lacks its descr, fortran_order or shape.',
  'read.why.npyStructured':
    "The array {name} is a structured (record) array: each element is a record of named fields ({fields}), which cannot be read as numbers. Save one field as an array of its own, for example numpy.save('{field}.npy', a['{field}']).",
  // .npz
  'read.why.zipDirectory':
    'It is not a zip archive, or its table of contents (the central directory) is missing or damaged.',
  'read.why.zipDirectoryEnd': 'Its table of contents (the central directory) runs past the end of the file.',
  'read.why.zipName': 'The name of one of its files is not valid UTF-8.',
  'read.why.zipMethod':
    'Its file {member} is compressed with method {method}; this page reads stored (0) and deflated (8) files.',
  'read.why.zipInvalid': 'It is not a zip archive this page can read.',
  'read.why.deflateEnd': 'The compressed data of its file {member} ends too soon.',
  'read.why.deflateData': 'The compressed data of its file {member} is damaged.',
  'read.why.inflateSize':
    'Its table of contents says that {member} decompresses to {size} bytes, more than its {from} compressed {from?byte|bytes} can hold.',
  'read.why.memberSize':
    'Its file {member} decompresses to {size} bytes; the largest .npy this page reads has {max}.',
  'read.why.crc':
    'The CRC-32 checksum of its file {member} does not match: the file’s bytes are damaged (numpy refuses it too).',
  'read.why.noNpy': 'It holds no .npy arrays, only {count} other {count?file|files}: {members}.',
  // TensorFlow.js
  'read.why.manifestUtf8': 'The manifest is not UTF-8 text.',
  'read.why.manifestJson': 'The manifest is not valid JSON.',
  'read.why.noManifest': 'The manifest has no weightsManifest list.',
  'read.why.group': 'A group of its weightsManifest lacks its paths or its weights.',
  'read.why.path': 'A path of its weightsManifest is not a string: {path}',
  'read.why.weight': 'A weight of its weightsManifest lacks its name or its dtype: {weight}',
  'read.why.quantization': 'The quantization of weight {name} is not valid: {quantization}',
  'read.why.quantScale': 'The quantization of weight {name} has no scale and min.',
  'read.why.shardBytes':
    'Weight {name} needs the first {need} {need?byte|bytes} of the shards, but they hold {total} {total?byte|bytes}.',
  'read.why.shardExtra': 'The weights take {used} {used?byte|bytes}, but the shards hold {total}.',
} as const
