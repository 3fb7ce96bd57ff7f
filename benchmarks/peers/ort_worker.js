// ONNX Runtime's side of the peer comparison (benchmarks/peers/compare.py).
//
//   node ort_worker.js [--no-spin] model.onnx NAME:1x3x224x224:FILE ...
//
// Loads the inputs (raw little-endian f32, one spec per graph input), then
// answers commands on stdin with one JSON line each. --no-spin sets
// session.intra_op.allow_spinning=0 (idle pool threads block instead of
// spinning, as dlc's do), which matters on a machine shared with others.
//
//   threads N     (re)create the session: intraOpNumThreads N,
//                 interOpNumThreads 1, graphOptimizationLevel 'all'
//                                              -> {"threads": N, "load_ms": T}
//   run K         K timed runs                 -> {"ms": [t1, ..., tK]}
//   output FILE   run once, write output 0 as raw f32 -> {"dims": [...]}
//   quit
//
// The first line it prints is {"ready": true, "version": "..."}.
'use strict';

const fs = require('fs');
const readline = require('readline');
const ort = require('onnxruntime-node');

function reply(obj) { process.stdout.write(JSON.stringify(obj) + '\n'); }

async function main() {
  let args = process.argv.slice(2);
  const noSpin = args[0] === '--no-spin';
  if (noSpin) args = args.slice(1);
  const [modelPath, ...specs] = args;
  const feeds = {};
  for (const spec of specs) {
    const [name, dimText, file] = spec.split(':');
    const dims = dimText.split('x').map(Number);
    const buf = fs.readFileSync(file);
    const data = new Float32Array(buf.buffer.slice(
        buf.byteOffset, buf.byteOffset + buf.byteLength));
    if (data.length !== dims.reduce((a, b) => a * b, 1))
      throw new Error(`${file}: ${data.length} floats for dims ${dimText}`);
    feeds[name] = new ort.Tensor('float32', data, dims);
  }
  let session = null;
  reply({ready: true, version: ort.env.versions.common});

  const lines = readline.createInterface({input: process.stdin});
  for await (const line of lines) {
    const [verb, arg] = line.trim().split(/\s+/);
    try {
      if (verb === 'quit') {
        break;
      } else if (verb === 'threads') {
        const start = process.hrtime.bigint();
        if (session) await session.release();
        session = await ort.InferenceSession.create(modelPath, {
          intraOpNumThreads: Number(arg),
          interOpNumThreads: 1,
          graphOptimizationLevel: 'all',
          executionMode: 'sequential',
          extra: noSpin ? {session: {intra_op: {allow_spinning: '0'},
                                     inter_op: {allow_spinning: '0'}}}
                        : {},
        });
        reply({threads: Number(arg),
               load_ms: Number(process.hrtime.bigint() - start) / 1e6});
      } else if (verb === 'run') {
        const ms = [];
        for (let k = 0; k < Number(arg); ++k) {
          const start = process.hrtime.bigint();
          await session.run(feeds);
          ms.push(Number(process.hrtime.bigint() - start) / 1e6);
        }
        reply({ms});
      } else if (verb === 'output') {
        const results = await session.run(feeds);
        const out = results[session.outputNames[0]];
        fs.writeFileSync(arg, Buffer.from(out.data.buffer, out.data.byteOffset,
                                          out.data.byteLength));
        reply({dims: out.dims});
      } else {
        reply({error: `unknown command '${line}'`});
      }
    } catch (e) {
      reply({error: String(e && e.message || e)});
    }
  }
  if (session) await session.release();
}

main().catch((e) => { reply({error: String(e && e.message || e)}); process.exit(1); });
