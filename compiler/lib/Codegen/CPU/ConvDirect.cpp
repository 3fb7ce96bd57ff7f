//===- ConvDirect.cpp - Depthwise convolutions, computed directly ---------===//
//
// algo = direct: a depthwise conv (group == channels == filters) has only
// kH * kW multiply-adds per output, too few for a GEMM (one filter row per
// group would fill one of the tile's 6 rows). It is computed in place, 8
// output columns to a vector: a register tile of `rows` output rows by
// `vectors` 8-lane vectors accumulates, and each input row loaded (kW
// shifted vectors, one per column tap) feeds every output row of the tile
// that reads it, so at stride 1 a tile of R rows loads R + kH - 1 input rows
// instead of R * kH. Stride 2 loads 15 consecutive inputs as two vectors
// and keeps the even ones (one shuffle); larger strides gather.
//
// Borders: the output columns whose windows stay inside the input row
// (interior vectors) run in a loop of plain loads; the few vectors at the
// left and right edges (and the tail of OW, unless the last 8 columns can
// be recomputed as an interior vector) are peeled at compile time, so
// their zero padding is a constant mask and a constant lane shuffle. Output
// rows whose windows leave the input (top and bottom padding) are peeled
// the same way, with the taps that read padding left out. The epilogue
// (bias, residual, activation) is applied in registers before the store.
//
// Filters are packed at compile time as [C, kH * kW] (the taps of a
// channel, broadcast once per channel). Tasks (image, channel block, row
// block) are independent: one scf.parallel, sized so that each task has
// a few thousand outputs.
//
//===----------------------------------------------------------------------===//

#include "ConvKernels.h"
#include "KernelBuilder.h"

#include "Conversion/DlcToLinalg/LoweringUtils.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace mlir::dlc;
using namespace mlir::dlc::cpu;

namespace {

int64_t divideCeil(int64_t x, int64_t y) { return (x + y - 1) / y; }

/// Outputs per task: enough to amortise the thread pool's dispatch and the
/// per-channel set-up, few enough to keep two threads busy on small layers.
constexpr int64_t kOutputsPerTask = 4096;
/// Planes of up to this many row tiles are unrolled into static tiles.
constexpr int64_t kMaxStaticRowTiles = 4;

/// The register tile: output rows by 8-lane vectors of columns.
struct DirectTile {
  int64_t rows, vectors;
};

/// The tile for a kernel size: 3x3 keeps its 9 weights in registers beside
/// 4 accumulators; larger windows spill weights anyway, where two rows of
/// two vectors halve the loads per FMA.
DirectTile chooseTile(const ConvGeometry &geo) {
  if (geo.kernelH * geo.kernelW <= 9)
    return {4, 1};
  return {2, 2};
}

class DirectConvEmitter : ConvKernelViews {
public:
  explicit DirectConvEmitter(Conv2dKernelOp op);
  void emit(OpBuilder &b);

private:
  /// A set of output rows computed together: the first row (a Value) and,
  /// for peeled border rows, its static index (whose taps on padding rows
  /// are left out).
  struct RowTile {
    Value firstRow;
    std::optional<int64_t> staticRow;
    int64_t rows;
  };

  void emitTask(KernelBuilder &kb, Value image, Value channelBlock,
                Value rowBlock);
  void emitChannel(KernelBuilder &kb, Value image, Value channel,
                   Value rowBegin, Value rowEnd);
  /// Every column of the rows of `tile`.
  void emitRows(KernelBuilder &kb, const RowTile &tile);
  /// One register tile: `vectors` vectors of `tile.rows` rows from column
  /// `col0`, `staticCol` when it is a peeled border vector.
  void emitTile(KernelBuilder &kb, const RowTile &tile, Value col0,
                std::optional<int64_t> staticCol, int64_t vectors);
  /// The 8 inputs that tap `kw` of lanes col0..col0+7 multiplies in the
  /// input row starting at `rowOffset`; null when they are all padding.
  Value loadTap(KernelBuilder &kb, Value rowOffset, Value col0,
                std::optional<int64_t> staticCol, int64_t kw);
  bool tapReadsRow(const RowTile &tile, int64_t r, int64_t kh) const;

  Conv2dKernelOp op;
  ConvGeometry geo;
  DirectTile tileShape;
  int64_t numVectors;           // ceil(OW / 8) column vectors per row
  int64_t colBegin, colEnd;     // interior column vectors [colBegin, colEnd)
  // The first column of an interior vector that ends at OW and stands in
  // for the partial last one, if there is one.
  std::optional<int64_t> tailCol;
  int64_t rowBegin, rowEnd;     // interior output rows [rowBegin, rowEnd)
  int64_t channelsPerTask, rowsPerTask;
  // Per channel: the broadcast taps and bias, the channel's plane offsets.
  SmallVector<Value> weights;
  Value biasVector, inBase, outBase, image;
};

} // namespace

DirectConvEmitter::DirectConvEmitter(Conv2dKernelOp op) : op(op), geo(op) {
  tileShape = chooseTile(geo);
  numVectors = divideCeil(geo.outW, kVectorWidth);
  // A column vector is interior when all its lanes are outputs and every
  // tap reads inside the row: the first tap's first input is >= 0, the last
  // tap's last input (7 strides on) < W.
  auto interiorAt = [&](int64_t col0) {
    int64_t first = col0 * geo.strideW - geo.padLeft;
    int64_t last = first + (geo.kernelW - 1) * geo.dilationW +
                   (kVectorWidth - 1) * geo.strideW;
    return col0 + kVectorWidth <= geo.outW && first >= 0 && last < geo.width;
  };
  auto interiorCol = [&](int64_t v) { return interiorAt(v * kVectorWidth); };
  colBegin = colEnd = 0;
  for (int64_t v = 0; v < numVectors; ++v)
    if (interiorCol(v)) {
      if (colEnd == 0)
        colBegin = v;
      colEnd = v + 1;
    }
  // A partial last vector is recomputed as the vector of the last 8
  // columns when that one reads no padding: plain loads and stores instead
  // of a peeled vector. The columns both cover are written twice with the
  // same values, which a residual read from the output's buffer would not
  // allow.
  if (geo.outW % kVectorWidth != 0 && geo.outW > kVectorWidth &&
      !op.getResidual() && interiorAt(geo.outW - kVectorWidth))
    tailCol = geo.outW - kVectorWidth;
  auto interiorRow = [&](int64_t oh) {
    int64_t first = oh * geo.strideH - geo.padTop;
    return first >= 0 &&
           first + (geo.kernelH - 1) * geo.dilationH < geo.height;
  };
  rowBegin = rowEnd = 0;
  for (int64_t oh = 0; oh < geo.outH; ++oh)
    if (interiorRow(oh)) {
      if (rowEnd == 0)
        rowBegin = oh;
      rowEnd = oh + 1;
    }
  if (rowEnd == 0)
    rowBegin = rowEnd = geo.outH; // every row is a border row

  // Tasks: whole channels while a channel is small, else blocks of rows.
  int64_t plane = geo.outH * geo.outW;
  if (plane >= kOutputsPerTask) {
    channelsPerTask = 1;
    rowsPerTask = std::min(
        geo.outH, divideCeil(divideCeil(kOutputsPerTask, geo.outW),
                             tileShape.rows) *
                      tileShape.rows);
  } else {
    channelsPerTask =
        std::min(geo.channels, divideCeil(kOutputsPerTask, plane));
    rowsPerTask = geo.outH;
  }
}

void DirectConvEmitter::emit(OpBuilder &b) {
  KernelBuilder kb{b, op.getLoc()};
  makeViews(kb, op);

  int64_t channelBlocks = divideCeil(geo.channels, channelsPerTask);
  int64_t rowBlocks = divideCeil(geo.outH, rowsPerTask);
  emitParallelTasks(kb, {geo.batch, channelBlocks, rowBlocks},
                    /*stackScratch=*/false,
                    [&](KernelBuilder &task, ValueRange ivs) {
                      emitTask(task, ivs[0], ivs[1], ivs[2]);
                    });
}

void DirectConvEmitter::emitTask(KernelBuilder &kb, Value image,
                                 Value channelBlock, Value rowBlock) {
  Value firstChannel = kb.mul(channelBlock, channelsPerTask);
  Value endChannel = kb.min(kb.add(firstChannel, channelsPerTask),
                            kb.idx(geo.channels));
  Value firstRow = kb.mul(rowBlock, rowsPerTask);
  Value endRow = kb.min(kb.add(firstRow, rowsPerTask), kb.idx(geo.outH));
  kb.forLoop(firstChannel, endChannel, 1, [&](KernelBuilder &k, Value c) {
    emitChannel(k, image, c, firstRow, endRow);
  });
}

void DirectConvEmitter::emitChannel(KernelBuilder &kb, Value img,
                                    Value channel, Value firstRow,
                                    Value endRow) {
  image = img;
  int64_t taps = geo.kernelH * geo.kernelW;
  weights.clear();
  for (int64_t t = 0; t < taps; ++t) {
    Value w = memref::LoadOp::create(
        kb.b, kb.loc, filter, ValueRange{kb.add(kb.mul(channel, taps), t)});
    weights.push_back(
        vector::BroadcastOp::create(kb.b, kb.loc, kb.f32Vector(), w));
  }
  biasVector = nullptr;
  if (bias) {
    Value x = memref::LoadOp::create(kb.b, kb.loc, bias, ValueRange{channel});
    biasVector = vector::BroadcastOp::create(kb.b, kb.loc, kb.f32Vector(), x);
  }
  inBase = kb.mul(channel, geo.height * geo.width);
  outBase = kb.mul(channel, geo.outH * geo.outW);

  int64_t rows = tileShape.rows;
  if (rowsPerTask >= geo.outH && geo.outH <= kMaxStaticRowTiles * rows) {
    // A small plane in one task: every row tile static, the border rows in
    // tiles with the interior ones (their taps on padding left out).
    for (int64_t oh = 0; oh < geo.outH; oh += rows)
      emitRows(kb, RowTile{kb.idx(oh), oh, std::min(rows, geo.outH - oh)});
    return;
  }
  auto borderRow = [&](KernelBuilder &k, int64_t oh) {
    RowTile tile{k.idx(oh), oh, 1};
    if (rowsPerTask >= geo.outH) {
      emitRows(k, tile);
      return;
    }
    Value inTask = k.andI(k.cmp(arith::CmpIPredicate::sle, firstRow,
                                k.idx(oh)),
                          k.cmp(arith::CmpIPredicate::sgt, endRow, k.idx(oh)));
    k.ifThen(inTask, [&](KernelBuilder &t) {
      RowTile inner{t.idx(oh), oh, 1};
      emitRows(t, inner);
    });
  };
  for (int64_t oh = 0; oh < rowBegin; ++oh)
    borderRow(kb, oh);
  if (rowBegin < rowEnd) {
    // Interior rows of this task: tiles of R rows, then the rest (one
    // tile when the task has all rows, so that the count is static).
    Value lo = kb.max(firstRow, kb.idx(rowBegin));
    Value hi = kb.max(kb.min(endRow, kb.idx(rowEnd)), lo);
    Value fullEnd = kb.add(lo, kb.mul(kb.div(kb.sub(hi, lo), rows), rows));
    kb.forLoop(lo, fullEnd, rows, [&](KernelBuilder &k, Value oh) {
      emitRows(k, RowTile{oh, std::nullopt, rows});
    });
    int64_t rest = (rowEnd - rowBegin) % rows;
    if (rowsPerTask >= geo.outH && rest > 0)
      emitRows(kb, RowTile{fullEnd, std::nullopt, rest});
    else if (rowsPerTask < geo.outH && rows > 1)
      kb.forLoop(fullEnd, hi, 1, [&](KernelBuilder &k, Value oh) {
        emitRows(k, RowTile{oh, std::nullopt, 1});
      });
  }
  for (int64_t oh = rowEnd; oh < geo.outH; ++oh)
    borderRow(kb, oh);
}

bool DirectConvEmitter::tapReadsRow(const RowTile &tile, int64_t r,
                                    int64_t kh) const {
  if (!tile.staticRow)
    return true;
  int64_t ih = (*tile.staticRow + r) * geo.strideH - geo.padTop +
               kh * geo.dilationH;
  return ih >= 0 && ih < geo.height;
}

void DirectConvEmitter::emitRows(KernelBuilder &kb, const RowTile &tile) {
  for (int64_t v = 0; v < colBegin; ++v)
    emitTile(kb, tile, kb.idx(v * kVectorWidth), v * kVectorWidth, 1);
  int64_t interior = colEnd - colBegin;
  int64_t perIter = tileShape.vectors;
  int64_t full = interior / perIter * perIter;
  int64_t start = colBegin * kVectorWidth;
  if (full > 0)
    kb.forLoop(kb.idx(start), kb.idx(start + full * kVectorWidth),
               perIter * kVectorWidth, [&](KernelBuilder &k, Value col0) {
                 emitTile(k, tile, col0, std::nullopt, perIter);
               });
  for (int64_t v = colBegin + full; v < colEnd; ++v)
    emitTile(kb, tile, kb.idx(v * kVectorWidth), std::nullopt, 1);
  for (int64_t v = colEnd; v < numVectors - (tailCol ? 1 : 0); ++v)
    emitTile(kb, tile, kb.idx(v * kVectorWidth), v * kVectorWidth, 1);
  if (tailCol)
    emitTile(kb, tile, kb.idx(*tailCol), std::nullopt, 1);
}

Value DirectConvEmitter::loadTap(KernelBuilder &kb, Value rowOffset,
                                 Value col0, std::optional<int64_t> staticCol,
                                 int64_t kw) {
  int64_t stride = geo.strideW;
  int64_t tapOffset = kw * geo.dilationW - geo.padLeft;
  auto at = [&](Value offset) { return SmallVector<Value, 2>{image, offset}; };
  // Input of lane 0 (may be padding for a border vector).
  Value first = kb.add(kb.add(rowOffset, kb.mul(col0, stride)), tapOffset);
  if (!staticCol) {
    if (stride == 1)
      return vector::LoadOp::create(kb.b, kb.loc, kb.f32Vector(), input,
                                    at(first));
    if (stride == 2) {
      // Inputs first .. first + 14: the even ones are the 8 lanes.
      Value lo = vector::LoadOp::create(kb.b, kb.loc, kb.f32Vector(), input,
                                        at(first));
      Value hi = vector::LoadOp::create(kb.b, kb.loc, kb.f32Vector(), input,
                                        at(kb.add(first, kVectorWidth - 1)));
      return vector::ShuffleOp::create(
          kb.b, kb.loc, lo, hi, ArrayRef<int64_t>{0, 2, 4, 6, 9, 11, 13, 15});
    }
    SmallVector<int32_t> steps;
    for (int64_t l = 0; l < kVectorWidth; ++l)
      steps.push_back(static_cast<int32_t>(l * stride));
    Value offsets = arith::ConstantOp::create(
        kb.b, kb.loc,
        DenseElementsAttr::get(kb.i32Vector(), ArrayRef<int32_t>(steps)));
    Value all = kb.prefixMask(kb.idx(kVectorWidth));
    return vector::GatherOp::create(kb.b, kb.loc, kb.f32Vector(), input,
                                    at(first), offsets, all, kb.zeros());
  }

  // A peeled border vector: which lanes read inside the row is static.
  SmallVector<bool> valid;
  int64_t lo = -1, hi = -1;
  for (int64_t l = 0; l < kVectorWidth; ++l) {
    int64_t iw = (*staticCol + l) * stride + tapOffset;
    bool ok = *staticCol + l < geo.outW && iw >= 0 && iw < geo.width;
    valid.push_back(ok);
    if (ok) {
      if (lo < 0)
        lo = l;
      hi = l + 1;
    }
  }
  if (lo < 0)
    return nullptr;
  int64_t firstIw = (*staticCol + lo) * stride + tapOffset;
  Value base = kb.add(rowOffset, firstIw);
  if (stride <= 2) {
    // The valid lanes read `count` consecutive inputs from `base`: masked
    // loads (masked-off lanes are zero), then a constant shuffle moves them
    // into place; lanes on padding pick a zero.
    int64_t count = (hi - lo - 1) * stride + 1;
    auto load = [&](Value offset, int64_t n) -> Value {
      if (n >= kVectorWidth)
        return vector::LoadOp::create(kb.b, kb.loc, kb.f32Vector(), input,
                                      at(offset));
      return kb.loadMasked(input, at(offset), kb.prefixMask(kb.idx(n)));
    };
    Value v0 = load(base, count);
    Value v1 = count > kVectorWidth
                   ? load(kb.add(base, kVectorWidth), count - kVectorWidth)
                   : kb.zeros();
    if (stride == 1 && lo == 0)
      return v0; // lanes from `hi` on were masked off: already zero
    // count <= 15, so element 15 of (v0, v1) is always a masked-off zero.
    int64_t zero = count > kVectorWidth ? 2 * kVectorWidth - 1 : kVectorWidth;
    SmallVector<int64_t> lanes;
    for (int64_t l = 0; l < kVectorWidth; ++l)
      lanes.push_back(l >= lo && l < hi ? (l - lo) * stride : zero);
    return vector::ShuffleOp::create(kb.b, kb.loc, v0, v1, lanes);
  }
  SmallVector<int32_t> steps;
  for (int64_t l = 0; l < kVectorWidth; ++l)
    steps.push_back(static_cast<int32_t>(valid[l] ? (l - lo) * stride : 0));
  Value offsets = arith::ConstantOp::create(
      kb.b, kb.loc,
      DenseElementsAttr::get(kb.i32Vector(), ArrayRef<int32_t>(steps)));
  Value mask = arith::ConstantOp::create(
      kb.b, kb.loc,
      DenseElementsAttr::get(
          VectorType::get({kVectorWidth}, kb.b.getI1Type()),
          ArrayRef<bool>(valid)));
  return vector::GatherOp::create(kb.b, kb.loc, kb.f32Vector(), input,
                                  at(base), offsets, mask, kb.zeros());
}

void DirectConvEmitter::emitTile(KernelBuilder &kb, const RowTile &tile,
                                 Value col0, std::optional<int64_t> staticCol,
                                 int64_t vectors) {
  int64_t rows = tile.rows;
  SmallVector<Value> acc(rows * vectors, kb.zeros());
  // Input row j of the tile (row firstRow * stride - padTop + j) is tap kh
  // of output row r when r * stride + kh * dilation == j.
  Value firstInputRow =
      kb.sub(kb.mul(tile.firstRow, geo.strideH), kb.idx(geo.padTop));
  int64_t inputRows =
      (rows - 1) * geo.strideH + (geo.kernelH - 1) * geo.dilationH + 1;
  for (int64_t j = 0; j < inputRows; ++j) {
    SmallVector<std::pair<int64_t, int64_t>> users; // (r, kh)
    for (int64_t r = 0; r < rows; ++r) {
      int64_t rest = j - r * geo.strideH;
      if (rest < 0 || rest % geo.dilationH != 0)
        continue;
      int64_t kh = rest / geo.dilationH;
      if (kh < geo.kernelH && tapReadsRow(tile, r, kh))
        users.push_back({r, kh});
    }
    if (users.empty())
      continue;
    Value rowOffset =
        kb.add(inBase, kb.mul(kb.add(firstInputRow, j), geo.width));
    for (int64_t kw = 0; kw < geo.kernelW; ++kw)
      for (int64_t v = 0; v < vectors; ++v) {
        Value x = loadTap(kb, rowOffset, kb.add(col0, v * kVectorWidth),
                          staticCol, kw);
        if (!x)
          continue;
        for (auto [r, kh] : users) {
          Value &sum = acc[r * vectors + v];
          sum = vector::FMAOp::create(kb.b, kb.loc, x,
                                      weights[kh * geo.kernelW + kw], sum);
        }
      }
  }

  // Epilogue in registers, then one store per vector (masked on the tail).
  ScalarBuilder s{kb.b, kb.loc, kb.f32Vector()};
  Value mask;
  if (staticCol && *staticCol + kVectorWidth > geo.outW)
    mask = kb.prefixMask(kb.idx(geo.outW - *staticCol));
  Activation activation = op.getActivation();
  double alpha = op.getActivationAlpha().convertToDouble();
  double beta = op.getActivationBeta().convertToDouble();
  for (int64_t r = 0; r < rows; ++r) {
    Value rowOffset = kb.add(
        outBase, kb.mul(kb.add(tile.firstRow, r), geo.outW));
    for (int64_t v = 0; v < vectors; ++v) {
      Value at = kb.add(rowOffset, kb.add(col0, v * kVectorWidth));
      Value x = acc[r * vectors + v];
      if (biasVector)
        x = s.add(x, biasVector);
      if (residual)
        x = s.add(x, mask ? kb.loadMasked(residual, ValueRange{image, at}, mask)
                          : vector::LoadOp::create(kb.b, kb.loc,
                                                   kb.f32Vector(), residual,
                                                   ValueRange{image, at})
                                .getResult());
      x = applyActivation(s, activation, alpha, beta, x);
      if (mask)
        kb.storeMasked(x, output, ValueRange{image, at}, mask);
      else
        vector::StoreOp::create(kb.b, kb.loc, x, output,
                                ValueRange{image, at});
    }
  }
}

LogicalResult mlir::dlc::cpu::lowerDirectConv(RewriterBase &rewriter,
                                              Conv2dKernelOp op) {
  ConvGeometry geo(op);
  if (geo.group != geo.channels || geo.filters != geo.channels)
    return op.emitOpError("algorithm 'direct' computes depthwise convolutions "
                          "(group == channels == filters) only");
  rewriter.setInsertionPoint(op);
  DirectConvEmitter(op).emit(rewriter);
  rewriter.eraseOp(op);
  return success();
}
