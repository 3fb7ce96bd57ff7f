//===- ConvFft.cpp - Convolutions by tiled FFT ----------------------------===//
//
// Stride-1 convolutions with large filters (5x5 and up) as products in the
// frequency domain, tile by tile (overlap-save): a T x T input tile d gives
// the (T - kH + 1) x (T - kW + 1) valid outputs of the circular
// cross-correlation IFFT(FFT(d) * conj(FFT(w))); conj(FFT(w)) / T^2 is
// computed at compile time (DlcKernelLayouts.cpp), T = 16 or 32.
//
// Vector lanes hold 8 channels (forward transforms) or 8 filters (inverse
// transforms) of the same tile. Input rows are read as contiguous 8-pixel
// segments of 8 channels and transposed in registers (masked gathers only
// at the image border); outputs are transposed back into 8-pixel rows of
// one filter, so that the epilogue (bias, residual, activation) and the
// masked stores work on contiguous memory. The 1-D transforms are generated
// fully unrolled on vector<8xf32> (radix 2, real-input forward and
// complex-to-real inverse transforms that compute only the half spectrum,
// constant twiddles, zeros propagated at generation time); the 2-D
// transform is a pass over the T rows then one over the T / 2 + 1 columns
// of the half spectrum, through a per-task stack buffer.
//
// Depthwise convs (one channel, one filter per group): per task (image,
// block of 8 channels, row of tiles), each tile goes forward along rows,
// then per column forward, times the filter's spectrum, inverse (only the
// rows that are outputs), then inverse along the output rows and out.
//
// Other convs: per task (image, group, R tiles, block of 8-filter vectors),
// per 8 input channels the R tiles are transformed into X[freq][tile][re,
// im][8 channels], then for every frequency the complex GEMM
// Y[tile][f] += sum_c X[tile][c] W[c][f] (4 real FMAs per complex
// multiply-add, W[c][f:f+8] vectors, X broadcast) accumulates into
// Y[freq][filter vector][tile][re, im][8 filters]; at the end each (tile,
// filter vector) is transformed back. X, Y and the transform buffer stay
// below ~240 KiB per task.
//
//===----------------------------------------------------------------------===//

#include "ConvKernels.h"
#include "KernelBuilder.h"

#include "Conversion/DlcToLinalg/LoweringUtils.h"
#include "llvm/Support/MathExtras.h"

#include <cmath>

using namespace mlir;
using namespace mlir::dlc;
using namespace mlir::dlc::cpu;

using llvm::divideCeil;

namespace {

constexpr int64_t kLanes = kVectorWidth;
// Per-task stack scratch (X, Y and the transform buffer).
constexpr int64_t kScratchBudgetBytes = 240 * 1024;

// The cost model, in cycles of one core (fit to dlc bench on single-conv
// models, AVX-512 x86, at the clock dlc bench --peak implies): forward and
// inverse 2-D transforms of one tile for 8 lanes, including the transposed
// loads and stores (T = 16, 32); the complex product of one frequency
// (depthwise); the complex GEMM's effective FMAs per cycle with 1, 2-3 and
// 4-6 tiles per task; the bytes per cycle its weights stream at from L2, L3
// (a share of it) and memory.
constexpr double kForward16 = 1700, kInverse16 = 1100;
constexpr double kForward32 = 8000, kInverse32 = 5500;
constexpr double kProduct = 1.5;
constexpr double kGemmFmasPerCycle[3] = {1.5, 2.0, 2.4};
constexpr double kL2Bytes = 1 << 20, kL3Bytes = 8 << 20;
constexpr double kL2BytesPerCycle = 32, kL3BytesPerCycle = 20;
constexpr double kMemoryBytesPerCycle = 8;

//===----------------------------------------------------------------------===//
// Vector FFTs generated at compile time
//===----------------------------------------------------------------------===//

/// A complex vector; a null part is exactly zero (not materialised).
struct Cx {
  Value re, im;
};

/// Vector arithmetic that folds the zeros and trivial constants of FFTs at
/// generation time.
struct FftMath {
  OpBuilder &b;
  Location loc;
  VectorType type;

  Value splat(double v) {
    return arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(type, float(v)));
  }
  Value zeros() { return splat(0.0); }
  Value orZero(Value v) { return v ? v : zeros(); }
  Value neg(Value x) { return x ? arith::NegFOp::create(b, loc, x) : x; }
  Value add(Value x, Value y) {
    if (!x)
      return y;
    if (!y)
      return x;
    return arith::AddFOp::create(b, loc, x, y);
  }
  Value sub(Value x, Value y) {
    if (!y)
      return x;
    if (!x)
      return neg(y);
    return arith::SubFOp::create(b, loc, x, y);
  }
  Value scale(Value x, double c) {
    if (!x || c == 0.0)
      return Value();
    if (c == 1.0)
      return x;
    if (c == -1.0)
      return neg(x);
    return arith::MulFOp::create(b, loc, x, splat(c));
  }
  Value mul(Value x, Value y) {
    if (!x || !y)
      return Value();
    return arith::MulFOp::create(b, loc, x, y);
  }
  /// x * y + z.
  Value fma(Value x, Value y, Value z) {
    if (!x || !y)
      return z;
    if (!z)
      return mul(x, y);
    return vector::FMAOp::create(b, loc, x, y, z);
  }
  /// x * c + z for a constant c.
  Value fmaConst(Value x, double c, Value z) {
    if (!x || c == 0.0)
      return z;
    if (c == 1.0)
      return add(z, x);
    if (c == -1.0)
      return sub(z, x);
    if (!z)
      return scale(x, c);
    return vector::FMAOp::create(b, loc, x, splat(c), z);
  }

  Cx add(Cx x, Cx y) { return {add(x.re, y.re), add(x.im, y.im)}; }
  Cx sub(Cx x, Cx y) { return {sub(x.re, y.re), sub(x.im, y.im)}; }
  Cx conj(Cx x) { return {x.re, neg(x.im)}; }

  /// z * e^{sign 2 pi i k / n}.
  Cx twiddle(Cx z, int64_t k, int64_t n, int sign) {
    k = ((k % n) + n) % n;
    if (k == 0)
      return z;
    if (2 * k == n)
      return {neg(z.re), neg(z.im)};
    if (4 * k == n || 4 * k == 3 * n) {
      // Times +-i.
      bool plusI = (4 * k == n) == (sign > 0);
      return plusI ? Cx{neg(z.im), z.re} : Cx{z.im, neg(z.re)};
    }
    double angle = 2.0 * M_PI * double(k) / double(n);
    double c = std::cos(angle), s = sign * std::sin(angle);
    if (8 * k == n || 8 * k == 3 * n || 8 * k == 5 * n || 8 * k == 7 * n) {
      // |c| == |s|: (a + ib)(c + is) = c (a - (s/c) b) + i c (b + (s/c) a).
      bool same = (c > 0) == (s > 0);
      Value re = same ? sub(z.re, z.im) : add(z.re, z.im);
      Value im = same ? add(z.im, z.re) : sub(z.im, z.re);
      return {scale(re, c), scale(im, c)};
    }
    // re = a c - b s, im = a s + b c.
    return {fmaConst(z.re, c, scale(z.im, -s)),
            fmaConst(z.re, s, scale(z.im, c))};
  }

  /// The DFT X[k] = sum_n x[n] e^{sign 2 pi i k n / N}, radix 2 (DIT).
  SmallVector<Cx> fft(ArrayRef<Cx> x, int sign) {
    int64_t n = x.size();
    if (n == 1)
      return SmallVector<Cx>(x);
    SmallVector<Cx> even, odd;
    for (int64_t i = 0; i < n; ++i)
      (i % 2 ? odd : even).push_back(x[i]);
    SmallVector<Cx> e = fft(even, sign), o = fft(odd, sign);
    SmallVector<Cx> out(n);
    for (int64_t k = 0; k < n / 2; ++k) {
      Cx t = twiddle(o[k], k, n, sign);
      out[k] = add(e[k], t);
      out[k + n / 2] = sub(e[k], t);
    }
    return out;
  }

  /// X[0..N/2] of the forward DFT of N real vectors (the rest is the
  /// mirror): sub-transforms compute only their own half spectra.
  SmallVector<Cx> realFft(ArrayRef<Value> x) {
    int64_t n = x.size();
    if (n == 1)
      return {Cx{x[0], Value()}};
    SmallVector<Value> even, odd;
    for (int64_t i = 0; i < n; ++i)
      (i % 2 ? odd : even).push_back(x[i]);
    SmallVector<Cx> e = realFft(even), o = realFft(odd);
    int64_t half = n / 2;
    auto full = [&](ArrayRef<Cx> h, int64_t k) {
      return k <= half / 2 ? h[k] : conj(h[half - k]);
    };
    SmallVector<Cx> out;
    for (int64_t k = 0; k <= half; ++k) {
      int64_t j = k % half;
      out.push_back(add(full(e, j), twiddle(full(o, j), k, n, -1)));
    }
    return out;
  }

  /// x[n] = Re sum_k X[k] e^{+2 pi i k n / N} for the Hermitian spectrum
  /// whose half X[0..N/2] is given (decimation in frequency: even and odd
  /// outputs are the inverses of two half-size Hermitian spectra).
  SmallVector<Value> realInverse(ArrayRef<Cx> x, int64_t n) {
    if (n == 1)
      return {x[0].re};
    if (n == 2)
      return {add(x[0].re, x[1].re), sub(x[0].re, x[1].re)};
    int64_t half = n / 2;
    SmallVector<Cx> a, bb;
    for (int64_t k = 0; k <= half / 2; ++k) {
      Cx mirror = conj(x[half - k]); // X[k + N/2]
      a.push_back(add(x[k], mirror));
      bb.push_back(twiddle(sub(x[k], mirror), k, n, +1));
    }
    SmallVector<Value> ea = realInverse(a, half), ob = realInverse(bb, half);
    SmallVector<Value> out;
    for (int64_t m = 0; m < half; ++m) {
      out.push_back(ea[m]);
      out.push_back(ob[m]);
    }
    return out;
  }
};

//===----------------------------------------------------------------------===//
// The emitter
//===----------------------------------------------------------------------===//

class FftConvEmitter : ConvKernelViews {
public:
  FftConvEmitter(Conv2dKernelOp op) : op(op), geo(op) {
    ArrayRef<int64_t> packed =
        cast<MemRefType>(op.getPackedFilter().getType()).getShape();
    depthwise = packed.size() == 5;
    tile = depthwise ? packed[1] : packed[3];
    halfPlus1 = tile / 2 + 1;
    freqs = tile * halfPlus1;
    outTileH = tile - geo.kernelH + 1;
    outTileW = tile - geo.kernelW + 1;
    tilesY = divideCeil(geo.outH, outTileH);
    tilesX = divideCeil(geo.outW, outTileW);
    numTiles = tilesY * tilesX;
    channelVectors = divideCeil(geo.channelsPerGroup(), kLanes);
    filterVectors = divideCeil(geo.filtersPerGroup(), kLanes);
    if (!depthwise) {
      FftPlan plan = *planFftConv(geo.batch, geo.channels, geo.filters,
                                  geo.group, geo.kernelH, geo.kernelW,
                                  geo.outH, geo.outW);
      tilesPerTask = plan.tilesPerTask;
      filterVectorsPerTask = plan.filterVectorsPerTask;
    }
  }

  void emit(OpBuilder &b);

private:
  /// 8 vectors for tile columns x0 .. x0 + 7 of input row `iy`, lanes =
  /// channels chan0 + l (l < validLanes; padding and missing channels read
  /// zero).
  SmallVector<Value> loadInputChunk(KernelBuilder &kb, Value image,
                                    Value chan0, Value validLanes,
                                    bool fullLanes, Value iy, Value ix);
  /// The forward row pass of one tile: S[y][kx] = half spectrum of row y.
  void emitForwardRows(KernelBuilder &kb, Value scratch, Value image,
                       Value chan0, Value validLanes, bool fullLanes,
                       Value oy0, Value ox0);
  /// The inverse row pass of output rows y < rows: S[y][kx] -> pixels,
  /// transposed to rows of filter f0 + l, epilogue, masked stores.
  void emitInverseRows(KernelBuilder &kb, Value scratch, Value image,
                       Value filter0, Value validLanes, bool fullLanes,
                       Value oy0, Value ox0);
  void emitDepthwiseTask(KernelBuilder &kb, Value image, Value block,
                         Value tileRow);
  void emitGemmTask(KernelBuilder &kb, Value image, Value group,
                    Value tileBlock, Value filterBlock);

  Value loadVec(KernelBuilder &kb, Value memref, Value index) {
    return vector::LoadOp::create(kb.b, kb.loc, kb.f32Vector(), memref,
                                  ValueRange{index});
  }
  Value loadVec(KernelBuilder &kb, Value memref, Value image, Value index) {
    return vector::LoadOp::create(kb.b, kb.loc, kb.f32Vector(), memref,
                                  ValueRange{image, index});
  }
  void storeVec(KernelBuilder &kb, Value v, Value memref, Value index) {
    vector::StoreOp::create(kb.b, kb.loc, v, memref, ValueRange{index});
  }
  /// S[y][kx][re, im][8]: the transform buffer's element index.
  Value scratchIndex(KernelBuilder &kb, Value y, Value kx) {
    return kb.mul(kb.add(kb.mul(y, halfPlus1), kx), 2 * kLanes);
  }
  Value allocScratch(KernelBuilder &kb, int64_t floats) {
    return memref::AllocaOp::create(
        kb.b, kb.loc, MemRefType::get({floats}, kb.b.getF32Type()),
        kb.b.getI64IntegerAttr(64));
  }

  Conv2dKernelOp op;
  ConvGeometry geo;
  bool depthwise;
  int64_t tile, halfPlus1, freqs, outTileH, outTileW;
  int64_t tilesY, tilesX, numTiles, channelVectors, filterVectors;
  // GEMM path: tiles and filter vectors per task.
  int64_t tilesPerTask = 1, filterVectorsPerTask = 1;
};

} // namespace

void FftConvEmitter::emit(OpBuilder &b) {
  KernelBuilder kb{b, op.getLoc()};
  makeViews(kb, op);
  SmallVector<int64_t> taskCounts;
  if (depthwise)
    taskCounts = {geo.batch, int64_t(divideCeil(geo.group, kLanes)), tilesY};
  else
    taskCounts = {geo.batch, geo.group,
                  int64_t(divideCeil(numTiles, tilesPerTask)),
                  int64_t(divideCeil(filterVectors, filterVectorsPerTask))};
  // Scratch lives for one task.
  emitParallelTasks(kb, taskCounts, /*stackScratch=*/true,
                    [&](KernelBuilder &task, ValueRange ivs) {
                      if (depthwise)
                        emitDepthwiseTask(task, ivs[0], ivs[1], ivs[2]);
                      else
                        emitGemmTask(task, ivs[0], ivs[1], ivs[2], ivs[3]);
                    });
}

SmallVector<Value> FftConvEmitter::loadInputChunk(KernelBuilder &kb,
                                                  Value image, Value chan0,
                                                  Value validLanes,
                                                  bool fullLanes, Value iy,
                                                  Value ix) {
  using P = arith::CmpIPredicate;
  int64_t imageSize = geo.height * geo.width;
  Value rowStart = kb.add(kb.mul(chan0, imageSize), kb.mul(iy, geo.width));
  Value lanesFull =
      fullLanes ? Value() : kb.cmp(P::sge, validLanes, kb.idx(kLanes));
  auto withLanes = [&](Value cond) {
    return lanesFull ? kb.andI(cond, lanesFull) : cond;
  };
  Value inside = withLanes(kb.andI(
      kb.cmp(P::sge, ix, kb.idx(0)),
      kb.cmp(P::sle, kb.add(ix, kLanes), kb.idx(geo.width))));
  SmallVector<Type> types(kLanes, kb.f32Vector());
  auto zeros = [&](KernelBuilder &k) {
    return SmallVector<Value>(kLanes, k.zeros());
  };
  // Right border: a masked load from the first pixel (in bounds).
  auto maskedLoads = [&](KernelBuilder &k) {
    Value mask = k.prefixMask(k.sub(k.idx(geo.width), ix));
    SmallVector<Value> loads;
    for (int64_t l = 0; l < kLanes; ++l)
      loads.push_back(k.loadMasked(
          input, ValueRange{image, k.add(k.add(rowStart, ix), l * imageSize)},
          mask));
    return loads;
  };
  // Left border (and missing channels): a masked gather per channel from
  // the start of its row; masked-off lanes are not read.
  auto gathers = [&](KernelBuilder &k) {
    Value pixels = k.iotaI32(ix);
    auto i32Splat = [&](int64_t v) {
      return arith::ConstantOp::create(
          k.b, k.loc, DenseElementsAttr::get(k.i32Vector(), int32_t(v)));
    };
    Value colMask = k.andI(
        arith::CmpIOp::create(k.b, k.loc, P::sge, pixels, i32Splat(0)),
        arith::CmpIOp::create(k.b, k.loc, P::slt, pixels,
                              i32Splat(geo.width)));
    SmallVector<Value> loads;
    for (int64_t l = 0; l < kLanes; ++l) {
      Value mask = colMask;
      Value start = k.add(rowStart, l * imageSize);
      if (!fullLanes) {
        Value laneValid = k.cmp(P::slt, k.idx(l), validLanes);
        mask = k.andI(mask, vector::BroadcastOp::create(
                                k.b, k.loc, colMask.getType(), laneValid));
        // A missing channel's row may be past the end of the buffer.
        start = arith::SelectOp::create(k.b, k.loc, laneValid, start,
                                        rowStart);
      }
      loads.push_back(vector::GatherOp::create(
          k.b, k.loc, k.f32Vector(), input, ValueRange{image, start}, pixels,
          mask, k.zeros()));
    }
    return loads;
  };
  SmallVector<Value> rows = kb.ifElse(
      inside, types,
      [&](KernelBuilder &k) {
        // The common case: 8 contiguous pixels of each of 8 channels.
        SmallVector<Value> loads;
        for (int64_t l = 0; l < kLanes; ++l)
          loads.push_back(loadVec(k, input, image,
                                  k.add(k.add(rowStart, ix), l * imageSize)));
        return loads;
      },
      [&](KernelBuilder &k) {
        Value outside = k.cmp(P::sle, k.add(ix, kLanes), k.idx(0));
        Value pastEnd = k.cmp(P::sge, ix, k.idx(geo.width));
        return k.ifElse(
            arith::OrIOp::create(k.b, k.loc, outside, pastEnd), types, zeros,
            [&](KernelBuilder &k2) {
              Value right = k2.cmp(P::sge, ix, k2.idx(0));
              if (lanesFull)
                right = k2.andI(right, lanesFull);
              return k2.ifElse(right, types, maskedLoads, gathers);
            });
      });
  return transpose8x8(kb, rows);
}

void FftConvEmitter::emitForwardRows(KernelBuilder &kb, Value scratch,
                                     Value image, Value chan0,
                                     Value validLanes, bool fullLanes,
                                     Value oy0, Value ox0) {
  using P = arith::CmpIPredicate;
  kb.forLoop(kb.idx(0), kb.idx(tile), 1, [&](KernelBuilder &k, Value y) {
    Value iy = k.sub(k.add(oy0, y), k.idx(geo.padTop));
    Value rowValid = k.andI(k.cmp(P::sge, iy, k.idx(0)),
                            k.cmp(P::slt, iy, k.idx(geo.height)));
    auto store = [&](KernelBuilder &s, ArrayRef<Cx> spectrum) {
      FftMath m{s.b, s.loc, s.f32Vector()};
      for (int64_t kx = 0; kx < halfPlus1; ++kx) {
        Value at = scratchIndex(s, y, s.idx(kx));
        storeVec(s, m.orZero(spectrum[kx].re), scratch, at);
        storeVec(s, m.orZero(spectrum[kx].im), scratch, s.add(at, kLanes));
      }
      return SmallVector<Value>();
    };
    // Padding rows transform to zero.
    k.ifElse(
        rowValid, TypeRange(),
        [&](KernelBuilder &r) {
          SmallVector<Value> row;
          for (int64_t x = 0; x < tile; x += kLanes) {
            Value ix = r.sub(r.add(ox0, x), r.idx(geo.padLeft));
            llvm::append_range(row, loadInputChunk(r, image, chan0,
                                                   validLanes, fullLanes, iy,
                                                   ix));
          }
          FftMath m{r.b, r.loc, r.f32Vector()};
          return store(r, m.realFft(row));
        },
        [&](KernelBuilder &r) {
          return store(r, SmallVector<Cx>(halfPlus1, Cx{}));
        });
  });
}

void FftConvEmitter::emitInverseRows(KernelBuilder &kb, Value scratch,
                                     Value image, Value filter0,
                                     Value validLanes, bool fullLanes,
                                     Value oy0, Value ox0) {
  using P = arith::CmpIPredicate;
  int64_t outSize = geo.outH * geo.outW;
  Value rows = kb.min(kb.idx(outTileH), kb.sub(kb.idx(geo.outH), oy0));
  kb.forLoop(kb.idx(0), rows, 1, [&](KernelBuilder &k, Value y) {
    FftMath m{k.b, k.loc, k.f32Vector()};
    SmallVector<Cx> spectrum;
    for (int64_t kx = 0; kx < halfPlus1; ++kx) {
      Value at = scratchIndex(k, y, k.idx(kx));
      spectrum.push_back(
          {loadVec(k, scratch, at), loadVec(k, scratch, k.add(at, kLanes))});
    }
    SmallVector<Value> pixels = m.realInverse(spectrum, tile);
    Value oy = k.add(oy0, y);
    for (int64_t x = 0; x < outTileW; x += kLanes) {
      SmallVector<Value> chunk;
      for (int64_t i = 0; i < kLanes; ++i)
        chunk.push_back(x + i < outTileW ? m.orZero(pixels[x + i]) : m.zeros());
      // rowsOf[l]: filter filter0 + l, pixels x .. x + 7.
      SmallVector<Value> rowsOf = transpose8x8(k, chunk);
      Value ox = k.add(ox0, x);
      Value count = k.min(k.idx(std::min(kLanes, outTileW - x)),
                          k.sub(k.idx(geo.outW), ox));
      auto storeChunk = [&](KernelBuilder &s) {
        Value mask = s.prefixMask(count);
        for (int64_t l = 0; l < kLanes; ++l) {
          auto storeLane = [&](KernelBuilder &t) {
            Value f = t.add(filter0, l);
            Value at =
                t.add(t.mul(f, outSize), t.add(t.mul(oy, geo.outW), ox));
            Value v = rowsOf[l];
            ScalarBuilder sb{t.b, t.loc, t.f32Vector()};
            if (bias) {
              Value biasValue =
                  memref::LoadOp::create(t.b, t.loc, bias, ValueRange{f});
              v = sb.add(v, vector::BroadcastOp::create(t.b, t.loc,
                                                        t.f32Vector(), biasValue));
            }
            if (residual)
              v = sb.add(v, t.loadMasked(residual, ValueRange{image, at}, mask));
            v = applyActivation(sb, op.getActivation(),
                                op.getActivationAlpha().convertToDouble(),
                                op.getActivationBeta().convertToDouble(), v);
            t.storeMasked(v, output, ValueRange{image, at}, mask);
          };
          if (fullLanes)
            storeLane(s);
          else
            s.ifThen(s.cmp(P::slt, s.idx(l), validLanes), storeLane);
        }
      };
      // The first chunk always starts inside the image.
      if (x == 0)
        storeChunk(k);
      else
        k.ifThen(k.cmp(P::slt, ox, k.idx(geo.outW)), storeChunk);
    }
  });
}

void FftConvEmitter::emitDepthwiseTask(KernelBuilder &kb, Value image,
                                       Value block, Value tileRow) {
  Value scratch = allocScratch(kb, freqs * 2 * kLanes);
  Value chan0 = kb.mul(block, kLanes);
  Value validLanes =
      kb.min(kb.idx(kLanes), kb.sub(kb.idx(geo.channels), chan0));
  bool fullLanes = geo.channels % kLanes == 0;
  Value oy0 = kb.mul(tileRow, outTileH);
  kb.forLoop(kb.idx(0), kb.idx(tilesX), 1, [&](KernelBuilder &k, Value tx) {
    Value ox0 = k.mul(tx, outTileW);
    emitForwardRows(k, scratch, image, chan0, validLanes, fullLanes, oy0, ox0);
    // Per column of the half spectrum: forward along y, times the
    // filter's spectrum, back along y for the output rows only.
    k.forLoop(k.idx(0), k.idx(halfPlus1), 1, [&](KernelBuilder &c, Value kx) {
      FftMath m{c.b, c.loc, c.f32Vector()};
      SmallVector<Cx> column;
      for (int64_t y = 0; y < tile; ++y) {
        Value at = scratchIndex(c, c.idx(y), kx);
        column.push_back(
            {loadVec(c, scratch, at), loadVec(c, scratch, c.add(at, kLanes))});
      }
      SmallVector<Cx> spectrum = m.fft(column, -1);
      Value wBase = c.mul(c.add(c.mul(block, freqs), kx), 2 * kLanes);
      for (int64_t ky = 0; ky < tile; ++ky) {
        Value at = c.add(wBase, ky * halfPlus1 * 2 * kLanes);
        Value wr = loadVec(c, filter, at), wi = loadVec(c, filter, c.add(at, kLanes));
        Cx z = spectrum[ky];
        spectrum[ky] = {m.fma(z.re, wr, m.neg(m.mul(z.im, wi))),
                        m.fma(z.re, wi, m.mul(z.im, wr))};
      }
      SmallVector<Cx> back = m.fft(spectrum, +1);
      for (int64_t y = 0; y < outTileH; ++y) {
        Value at = scratchIndex(c, c.idx(y), kx);
        storeVec(c, m.orZero(back[y].re), scratch, at);
        storeVec(c, m.orZero(back[y].im), scratch, c.add(at, kLanes));
      }
    });
    emitInverseRows(k, scratch, image, chan0, validLanes, fullLanes, oy0, ox0);
  });
}

void FftConvEmitter::emitGemmTask(KernelBuilder &kb, Value image, Value group,
                                  Value tileBlock, Value filterBlock) {
  using P = arith::CmpIPredicate;
  int64_t r = tilesPerTask, fvn = filterVectorsPerTask;
  int64_t cg = geo.channelsPerGroup(), fg = geo.filtersPerGroup();
  Value scratch = allocScratch(kb, freqs * 2 * kLanes);
  Value xs = allocScratch(kb, freqs * r * 2 * kLanes);
  Value ys = allocScratch(kb, freqs * fvn * r * 2 * kLanes);
  Value fv0 = kb.mul(filterBlock, fvn);
  Value fvCount = kb.min(kb.idx(fvn), kb.sub(kb.idx(filterVectors), fv0));
  Value firstTile = kb.mul(tileBlock, r);
  auto tileOrigin = [&](KernelBuilder &k, Value t) {
    Value index = k.add(firstTile, t);
    return std::make_pair(k.mul(k.div(index, tilesX), outTileH),
                          k.mul(k.rem(index, tilesX), outTileW));
  };

  kb.forLoop(kb.idx(0), kb.idx(channelVectors), 1,
             [&](KernelBuilder &k, Value cv) {
    // X[freq][tile][re, im][8 channels] of channels cv * 8 ...
    Value chanLocal = k.mul(cv, kLanes);
    Value chan0 = k.add(k.mul(group, cg), chanLocal);
    Value validLanes = k.min(k.idx(kLanes), k.sub(k.idx(cg), chanLocal));
    bool fullLanes = cg % kLanes == 0;
    k.forLoop(k.idx(0), k.idx(r), 1, [&](KernelBuilder &kt, Value t) {
      // Tiles past the last one read whatever is there (or zeros); their
      // outputs are never stored.
      auto origin = tileOrigin(kt, t);
      emitForwardRows(kt, scratch, image, chan0, validLanes, fullLanes,
                      origin.first, origin.second);
      kt.forLoop(kt.idx(0), kt.idx(halfPlus1), 1,
                 [&](KernelBuilder &c, Value kx) {
        FftMath m{c.b, c.loc, c.f32Vector()};
        SmallVector<Cx> column;
        for (int64_t y = 0; y < tile; ++y) {
          Value at = scratchIndex(c, c.idx(y), kx);
          column.push_back({loadVec(c, scratch, at),
                            loadVec(c, scratch, c.add(at, kLanes))});
        }
        SmallVector<Cx> spectrum = m.fft(column, -1);
        for (int64_t ky = 0; ky < tile; ++ky) {
          Value freq = c.add(kx, ky * halfPlus1);
          Value at = c.mul(c.add(c.mul(freq, r), t), 2 * kLanes);
          storeVec(c, m.orZero(spectrum[ky].re), xs, at);
          storeVec(c, m.orZero(spectrum[ky].im), xs, c.add(at, kLanes));
        }
      });
    });

    // Y[freq][fv][tile] += sum over the 8 channels of X * W. With 3 tiles
    // or fewer, four partial sums per tile (re*re, im*im, re*im, im*re)
    // keep enough independent FMA chains in flight; with more, two (re, im)
    // keep the accumulators in 12 registers.
    int64_t lanes = channelVectors == 1 ? cg : kLanes;
    bool splitSums = r <= 3;
    Value isFirst = k.cmp(P::eq, cv, k.idx(0));
    // Filter vectors outer: each streams its weights in one run.
    k.forLoop(k.idx(0), fvCount, 1, [&](KernelBuilder &kf, Value fv) {
      kf.forLoop(kf.idx(0), kf.idx(freqs), 1, [&](KernelBuilder &g, Value freq) {
        FftMath m{g.b, g.loc, g.f32Vector()};
        auto yIndex = [&](KernelBuilder &q, int64_t t) {
          return q.mul(
              q.add(q.mul(q.add(q.mul(freq, fvn), fv), r), q.idx(t)),
              2 * kLanes);
        };
        SmallVector<Type> types(2 * r, g.f32Vector());
        auto zeroAcc = [&](KernelBuilder &q) {
          return SmallVector<Value>(2 * r, q.zeros());
        };
        auto loadAcc = [&](KernelBuilder &q) {
          SmallVector<Value> acc;
          for (int64_t t = 0; t < r; ++t) {
            acc.push_back(loadVec(q, ys, yIndex(q, t)));
            acc.push_back(loadVec(q, ys, q.add(yIndex(q, t), kLanes)));
          }
          return acc;
        };
        SmallVector<Value> init = channelVectors == 1
                                      ? zeroAcc(g)
                                      : g.ifElse(isFirst, types, zeroAcc, loadAcc);
        SmallVector<Value> rr, ii, ri, ir;
        for (int64_t t = 0; t < r; ++t) {
          rr.push_back(init[2 * t]);
          ri.push_back(init[2 * t + 1]);
          ii.push_back(Value());
          ir.push_back(Value());
        }
        Value wBase = g.mul(
            g.add(g.mul(g.add(g.mul(g.add(g.mul(group, channelVectors), cv),
                                    filterVectors),
                              g.add(fv0, fv)),
                        freqs),
                  freq),
            kLanes * 2 * kLanes);
        Value xBase = g.mul(freq, r * 2 * kLanes);
        for (int64_t l = 0; l < lanes; ++l) {
          Value wAt = g.add(wBase, l * 2 * kLanes);
          Value wr = loadVec(g, filter, wAt);
          Value wi = loadVec(g, filter, g.add(wAt, kLanes));
          for (int64_t t = 0; t < r; ++t) {
            auto broadcast = [&](int64_t offset) {
              Value s = memref::LoadOp::create(
                  g.b, g.loc, xs,
                  ValueRange{g.add(xBase, t * 2 * kLanes + offset + l)});
              return vector::BroadcastOp::create(g.b, g.loc, g.f32Vector(), s)
                  .getResult();
            };
            Value xr = broadcast(0), xi = broadcast(kLanes);
            if (splitSums) {
              rr[t] = m.fma(xr, wr, rr[t]);
              ii[t] = m.fma(xi, wi, ii[t]);
              ri[t] = m.fma(xr, wi, ri[t]);
              ir[t] = m.fma(xi, wr, ir[t]);
            } else {
              rr[t] = m.fma(m.neg(xi), wi, m.fma(xr, wr, rr[t]));
              ri[t] = m.fma(xi, wr, m.fma(xr, wi, ri[t]));
            }
          }
        }
        for (int64_t t = 0; t < r; ++t) {
          storeVec(g, m.orZero(m.sub(rr[t], ii[t])), ys, yIndex(g, t));
          storeVec(g, m.orZero(m.add(ri[t], ir[t])), ys,
                   g.add(yIndex(g, t), kLanes));
        }
      });
    });
  });

  // Back to pixels: each valid tile, each filter vector.
  Value validTiles = kb.min(kb.idx(r), kb.sub(kb.idx(numTiles), firstTile));
  kb.forLoop(kb.idx(0), validTiles, 1, [&](KernelBuilder &k, Value t) {
    auto origin = tileOrigin(k, t);
    Value oy0 = origin.first, ox0 = origin.second;
    k.forLoop(k.idx(0), fvCount, 1, [&](KernelBuilder &kv, Value fv) {
      kv.forLoop(kv.idx(0), kv.idx(halfPlus1), 1,
                 [&](KernelBuilder &c, Value kx) {
        FftMath m{c.b, c.loc, c.f32Vector()};
        SmallVector<Cx> spectrum;
        for (int64_t ky = 0; ky < tile; ++ky) {
          Value freq = c.add(kx, ky * halfPlus1);
          Value at = c.mul(
              c.add(c.mul(c.add(c.mul(freq, fvn), fv), r), t), 2 * kLanes);
          spectrum.push_back(
              {loadVec(c, ys, at), loadVec(c, ys, c.add(at, kLanes))});
        }
        SmallVector<Cx> back = m.fft(spectrum, +1);
        for (int64_t y = 0; y < outTileH; ++y) {
          Value at = scratchIndex(c, c.idx(y), kx);
          storeVec(c, m.orZero(back[y].re), scratch, at);
          storeVec(c, m.orZero(back[y].im), scratch, c.add(at, kLanes));
        }
      });
      Value filterLocal = kv.mul(kv.add(fv0, fv), kLanes);
      Value filter0 = kv.add(kv.mul(group, fg), filterLocal);
      Value validLanes =
          kv.min(kv.idx(kLanes), kv.sub(kv.idx(fg), filterLocal));
      emitInverseRows(kv, scratch, image, filter0, validLanes,
                      fg % kLanes == 0, oy0, ox0);
    });
  });
}

std::optional<FftPlan>
mlir::dlc::cpu::planFftConv(int64_t batch, int64_t channels, int64_t filters,
                            int64_t group, int64_t kernelH, int64_t kernelW,
                            int64_t outH, int64_t outW) {
  std::optional<SmallVector<int64_t>> packed = getPackedFilterShape(
      ConvAlgo::FFT, {filters, channels / group, kernelH, kernelW}, group,
      {outH, outW});
  if (!packed)
    return std::nullopt;
  FftPlan plan;
  plan.depthwise = packed->size() == 5;
  plan.tile = plan.depthwise ? (*packed)[1] : (*packed)[3];
  int64_t tile = plan.tile, freqs = tile * (tile / 2 + 1);
  int64_t tiles = divideCeil(outH, tile - kernelH + 1) *
                  divideCeil(outW, tile - kernelW + 1);
  double forward = tile <= 16 ? kForward16 : kForward32;
  double inverse = tile <= 16 ? kInverse16 : kInverse32;
  plan.weightBytes = 4;
  for (int64_t dim : *packed)
    plan.weightBytes *= dim;
  if (plan.depthwise) {
    plan.cycles = double(batch) * tiles * divideCeil(channels, kLanes) *
                  (forward + inverse + freqs * kProduct);
    return plan;
  }
  int64_t channelVectors = divideCeil(channels / group, kLanes);
  int64_t filterVectors = divideCeil(filters / group, kLanes);
  double weightBytes = plan.weightBytes / group;
  double bandwidth = weightBytes <= kL2Bytes   ? kL2BytesPerCycle
                     : weightBytes <= kL3Bytes ? kL3BytesPerCycle
                                               : kMemoryBytesPerCycle;
  // Each task streams the weights of its filters once for its R tiles: more
  // tiles per task read them less often, but leave room in the scratch
  // budget for fewer filters, whose tasks then redo more forward transforms.
  int64_t transformBytes = freqs * 2 * kLanes * 4;
  plan.cycles = -1;
  for (int64_t r = 1; r <= std::min<int64_t>(6, tiles); ++r) {
    int64_t slotBytes = freqs * r * 2 * kLanes * 4; // X or Y of 8 lanes
    int64_t room = (kScratchBudgetBytes - transformBytes) / slotBytes - 1;
    if (room < 1)
      break;
    int64_t fvn = std::min(filterVectors, room);
    int64_t blocks = divideCeil(filterVectors, fvn);
    fvn = divideCeil(filterVectors, blocks); // even blocks
    double tileBlocks = divideCeil(tiles, r);
    double fmas = tileBlocks * r * freqs * channelVectors * kLanes *
                  filterVectors * 4;
    double rate = kGemmFmasPerCycle[r == 1 ? 0 : r <= 3 ? 1 : 2];
    // Measured: the weight stream and the FMAs hardly overlap.
    double gemm = fmas / rate + tileBlocks * weightBytes / bandwidth;
    double transforms = tileBlocks * r * channelVectors * blocks * forward +
                        tiles * filterVectors * inverse;
    double cycles = double(batch) * group * (gemm + transforms);
    if (plan.cycles < 0 || cycles < plan.cycles) {
      plan.cycles = cycles;
      plan.tilesPerTask = r;
      plan.filterVectorsPerTask = fvn;
    }
  }
  return plan;
}

LogicalResult mlir::dlc::cpu::lowerFftConv(RewriterBase &rewriter,
                                           Conv2dKernelOp op) {
  // The verifier guarantees stride 1 and dilation 1.
  rewriter.setInsertionPoint(op);
  FftConvEmitter(op).emit(rewriter);
  rewriter.eraseOp(op);
  return success();
}
