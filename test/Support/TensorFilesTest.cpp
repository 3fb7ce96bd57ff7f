//===- TensorFilesTest.cpp - Tests for dlc/Support/TensorFiles.h ----------===//
//
// The fixtures in data/ were written by NumPy and ONNX (data/generate.py), so
// the readers are checked against files the reference libraries produced and
// the writer against NumPy's exact bytes.
//
//===----------------------------------------------------------------------===//

#include "dlc/Support/TensorFiles.h"

#include "onnx/onnx_pb.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <unistd.h>

using namespace dlc::support;

namespace {

std::string dataPath(const std::string &name) {
  return std::string(DLC_SUPPORT_TEST_DATA_DIR) + "/" + name;
}

std::string fileBytes(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

HostTensor readNpyOrDie(const std::string &name) {
  HostTensor t;
  std::string error;
  EXPECT_TRUE(readNpyFile(dataPath(name), t, error)) << error;
  return t;
}

template <typename T> std::vector<T> values(const HostTensor &t) {
  const T *p = t.dataAs<T>();
  return std::vector<T>(p, p + t.numElements());
}

/// A temporary file name, removed at the end of the test.
class TempFile {
public:
  explicit TempFile(const std::string &suffix) {
    char dir[] = "/tmp/dlc-tensorfiles-XXXXXX";
    EXPECT_NE(mkdtemp(dir), nullptr);
    directory = dir;
    path = directory + "/t" + suffix;
  }
  ~TempFile() {
    std::remove(path.c_str());
    rmdir(directory.c_str());
  }
  std::string directory, path;
};

HostTensor makeF32(std::vector<int64_t> shape, std::vector<float> v) {
  HostTensor t(DLC_DTYPE_F32, std::move(shape));
  EXPECT_EQ(size_t(t.numElements()), v.size());
  std::copy(v.begin(), v.end(), t.dataAs<float>());
  return t;
}

} // namespace

//===----------------------------------------------------------------------===//
// .npy reading
//===----------------------------------------------------------------------===//

TEST(NpyRead, ReadsFloat32Matrix) {
  HostTensor t = readNpyOrDie("f32_2x3.npy");
  EXPECT_EQ(t.dtype, DLC_DTYPE_F32);
  EXPECT_EQ(t.shape, (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(values<float>(t), (std::vector<float>{-1, -0.5, 0, 0.5, 1, 1.5}));
}

TEST(NpyRead, ReadsEveryElementType) {
  HostTensor f16 = readNpyOrDie("f16_3.npy");
  EXPECT_EQ(f16.dtype, DLC_DTYPE_F16);
  EXPECT_EQ(f16.elementAsDouble(0), 1.0);
  EXPECT_EQ(f16.elementAsDouble(1), -2.5);
  EXPECT_EQ(f16.elementAsDouble(2), 65504.0);

  HostTensor i8 = readNpyOrDie("i8_4.npy");
  EXPECT_EQ(i8.dtype, DLC_DTYPE_I8);
  EXPECT_EQ(values<int8_t>(i8), (std::vector<int8_t>{-128, -1, 0, 127}));

  HostTensor i32 = readNpyOrDie("i32_2x2.npy");
  EXPECT_EQ(i32.dtype, DLC_DTYPE_I32);
  EXPECT_EQ(values<int32_t>(i32),
            (std::vector<int32_t>{1, -2, 2147483647, -2147483647 - 1}));

  HostTensor i64 = readNpyOrDie("i64_scalar.npy");
  EXPECT_EQ(i64.dtype, DLC_DTYPE_I64);
  EXPECT_TRUE(i64.shape.empty());
  EXPECT_EQ(i64.numElements(), 1);
  EXPECT_EQ(values<int64_t>(i64), (std::vector<int64_t>{-7}));

  HostTensor b = readNpyOrDie("bool_5.npy");
  EXPECT_EQ(b.dtype, DLC_DTYPE_BOOL);
  EXPECT_EQ(values<uint8_t>(b), (std::vector<uint8_t>{1, 0, 0, 1, 1}));

  HostTensor empty = readNpyOrDie("f32_0x3.npy");
  EXPECT_EQ(empty.shape, (std::vector<int64_t>{0, 3}));
  EXPECT_EQ(empty.numElements(), 0);
  EXPECT_TRUE(empty.bytes.empty());
}

TEST(NpyRead, ReadsFormatVersions2And3) {
  HostTensor f64 = readNpyOrDie("f64_2x1_v2.npy");
  EXPECT_EQ(f64.dtype, DLC_DTYPE_F64);
  EXPECT_EQ(f64.shape, (std::vector<int64_t>{2, 1}));
  EXPECT_EQ(values<double>(f64), (std::vector<double>{1.5, 2.25}));

  HostTensor u8 = readNpyOrDie("u8_2x2_v3.npy");
  EXPECT_EQ(u8.dtype, DLC_DTYPE_U8);
  EXPECT_EQ(values<uint8_t>(u8), (std::vector<uint8_t>{0, 1, 254, 255}));
}

TEST(NpyRead, BufferIs64ByteAligned) {
  HostTensor t = readNpyOrDie("f32_1x2x3x4.npy");
  EXPECT_EQ(reinterpret_cast<uintptr_t>(t.data()) % 64, 0u);
}

TEST(NpyRead, RejectsFortranOrderNamingTheFile) {
  HostTensor t;
  std::string error;
  std::string path = dataPath("f32_fortran.npy");
  EXPECT_FALSE(readNpyFile(path, t, error));
  EXPECT_EQ(error.rfind(path + ": ", 0), 0u) << error;
  EXPECT_NE(error.find("Fortran-order"), std::string::npos) << error;
}

TEST(NpyRead, RejectsBigEndian) {
  HostTensor t;
  std::string error;
  EXPECT_FALSE(readNpyFile(dataPath("f32_bigendian.npy"), t, error));
  EXPECT_NE(error.find("big-endian data ('>f4') is not supported"),
            std::string::npos)
      << error;
}

TEST(NpyRead, RejectsUnsupportedDtype) {
  HostTensor t;
  std::string error;
  EXPECT_FALSE(readNpyFile(dataPath("c64_2.npy"), t, error));
  EXPECT_NE(error.find("unsupported dtype '<c8'"), std::string::npos) << error;
}

TEST(NpyRead, RejectsMissingFile) {
  HostTensor t;
  std::string error;
  EXPECT_FALSE(readNpyFile("/nonexistent/x.npy", t, error));
  EXPECT_EQ(error, "/nonexistent/x.npy: cannot open: No such file or "
                   "directory");
}

TEST(NpyRead, RejectsADirectory) {
  HostTensor t;
  std::string error;
  EXPECT_FALSE(readNpyFile("/tmp", t, error));
  EXPECT_EQ(error, "/tmp: cannot open: is a directory");
}

TEST(NpyRead, RejectsTruncatedAndOversizedData) {
  std::string bytes = fileBytes(dataPath("f32_2x3.npy"));
  HostTensor t;
  std::string error;
  EXPECT_FALSE(parseNpy(bytes.substr(0, bytes.size() - 1), t, error));
  EXPECT_EQ(error, "expected 24 bytes of f32 data for shape [2, 3], found 23");
  EXPECT_FALSE(parseNpy(bytes + "x", t, error));
  EXPECT_EQ(error, "expected 24 bytes of f32 data for shape [2, 3], found 25");
  EXPECT_FALSE(parseNpy(bytes.substr(0, 20), t, error));
  EXPECT_NE(error.find("truncated header"), std::string::npos) << error;
  EXPECT_FALSE(parseNpy("PK\x03\x04 not numpy", t, error));
  EXPECT_EQ(error, "not a .npy file (bad magic)");
}

namespace {
std::string npyWithHeader(const std::string &header, unsigned major = 1) {
  std::string s("\x93NUMPY", 6);
  s += char(major);
  s += char(0);
  s += char(header.size() & 0xff);
  s += char(header.size() >> 8);
  return s + header;
}
} // namespace

TEST(NpyRead, ParsesHeaderVariants) {
  HostTensor t;
  std::string error;
  // Double quotes, no trailing comma, keys in another order, 1-d shape.
  std::string data(8, '\0');
  ASSERT_TRUE(parseNpy(npyWithHeader("{\"shape\": (2,), \"fortran_order\": "
                                     "False, \"descr\": \"<f4\"}\n") +
                           data,
                       t, error))
      << error;
  EXPECT_EQ(t.shape, (std::vector<int64_t>{2}));
  // Native byte order '=' is little-endian here.
  ASSERT_TRUE(parseNpy(npyWithHeader("{'descr': '=i8', 'fortran_order': "
                                     "False, 'shape': ()}\n") +
                           data,
                       t, error))
      << error;
  EXPECT_EQ(t.dtype, DLC_DTYPE_I64);
}

TEST(NpyRead, RejectsMalformedHeaders) {
  struct Case {
    std::string header;
    std::string expectedError;
  } cases[] = {
      {"{'descr': '<f4', 'shape': (1,)}",
       "malformed header: missing or invalid 'fortran_order'"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': 1}",
       "malformed header: unexpected value at offset 61"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': 'y'}",
       "malformed header: unexpected key 'x'"},
      {"{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, "
       "'shape': ()}",
       "malformed header: duplicate key 'descr'"},
      {"{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': ()}",
       "malformed header: structured dtypes are not supported at offset 10"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (-1,)}",
       "malformed header: expected a non-negative integer in the shape at "
       "offset 51"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (1,)} x",
       "malformed header: unexpected text after '}' at offset 56"},
      {"{'descr': '<i2', 'fortran_order': False, 'shape': ()}",
       "unsupported dtype '<i2' (supported: <f4, <f2, <f8, |i1, |u1, <i4, "
       "<i8, |b1)"},
      {"{'descr': '|f4', 'fortran_order': False, 'shape': ()}",
       "unsupported dtype '|f4' (supported: <f4, <f2, <f8, |i1, |u1, <i4, "
       "<i8, |b1)"},
  };
  for (const Case &c : cases) {
    HostTensor t;
    std::string error;
    EXPECT_FALSE(parseNpy(npyWithHeader(c.header + "\n"), t, error))
        << c.header;
    EXPECT_EQ(error, c.expectedError) << c.header;
  }
  HostTensor t;
  std::string error;
  EXPECT_FALSE(parseNpy(npyWithHeader("{}", 4), t, error));
  EXPECT_EQ(error, "unsupported .npy format version 4.0");
}

//===----------------------------------------------------------------------===//
// .npy writing
//===----------------------------------------------------------------------===//

TEST(NpyWrite, MatchesNumpyByteForByte) {
  for (const char *name :
       {"f32_2x3.npy", "f16_3.npy", "i8_4.npy", "i32_2x2.npy", "i64_scalar.npy",
        "bool_5.npy", "f32_0x3.npy", "f32_1x2x3x4.npy", "tp_f32_raw.npy"}) {
    HostTensor t = readNpyOrDie(name);
    EXPECT_EQ(serializeNpy(t), fileBytes(dataPath(name))) << name;
  }
}

TEST(NpyWrite, RoundTripsThroughAFile) {
  TempFile file(".npy");
  HostTensor t = readNpyOrDie("f64_2x1_v2.npy");
  std::string error;
  ASSERT_TRUE(writeNpyFile(file.path, t, error)) << error;
  HostTensor back;
  ASSERT_TRUE(readNpyFile(file.path, back, error)) << error;
  EXPECT_EQ(back.dtype, t.dtype);
  EXPECT_EQ(back.shape, t.shape);
  EXPECT_EQ(back.bytes, t.bytes);
}

TEST(NpyWrite, UsesVersion2ForHugeHeaders) {
  HostTensor t(DLC_DTYPE_U8, std::vector<int64_t>(30000, 1));
  std::string bytes = serializeNpy(t);
  EXPECT_EQ(bytes[6], 2);
  EXPECT_EQ((bytes.size() - 1) % 64, 0u); // one data byte after the header
  HostTensor back;
  std::string error;
  ASSERT_TRUE(parseNpy(bytes, back, error)) << error;
  EXPECT_EQ(back.shape, t.shape);
}

TEST(NpyWrite, ReportsUnwritablePath) {
  std::string error;
  EXPECT_FALSE(
      writeNpyFile("/nonexistent/dir/out.npy", makeF32({1}, {1}), error));
  EXPECT_EQ(error, "/nonexistent/dir/out.npy: cannot create: No such file or "
                   "directory");
}

TEST(NpyWrite, RejectsInconsistentTensor) {
  HostTensor t = makeF32({2}, {1, 2});
  t.shape = {3};
  std::string error;
  EXPECT_FALSE(writeNpyFile("/tmp/unused.npy", t, error));
  EXPECT_NE(error.find("inconsistent with its shape"), std::string::npos)
      << error;
}

//===----------------------------------------------------------------------===//
// TensorProto
//===----------------------------------------------------------------------===//

TEST(TensorProtoRead, MatchesNumpyForRawAndTypedFields) {
  for (const char *stem :
       {"tp_f32_raw", "tp_f32_typed", "tp_i64_typed", "tp_i8_typed",
        "tp_bool_raw", "tp_f16_raw", "tp_f64_scalar"}) {
    HostTensor fromPb;
    std::string error, name;
    ASSERT_TRUE(readTensorProtoFile(dataPath(std::string(stem) + ".pb"), fromPb,
                                    error, &name))
        << error;
    HostTensor fromNpy = readNpyOrDie(std::string(stem) + ".npy");
    EXPECT_EQ(fromPb.dtype, fromNpy.dtype) << stem;
    EXPECT_EQ(fromPb.shape, fromNpy.shape) << stem;
    EXPECT_EQ(fromPb.bytes, fromNpy.bytes) << stem;
    EXPECT_FALSE(name.empty()) << stem;
  }
}

TEST(TensorProtoRead, RejectsUnsupportedType) {
  HostTensor t;
  std::string error;
  std::string path = dataPath("tp_string.pb");
  EXPECT_FALSE(readTensorProtoFile(path, t, error));
  EXPECT_EQ(error, path + ": unsupported data type STRING (8; supported: "
                          "FLOAT, FLOAT16, DOUBLE, INT8, UINT8, INT32, "
                          "INT64, BOOL)");
}

TEST(TensorProtoRead, RejectsSizeMismatches) {
  onnx::TensorProto proto;
  proto.set_data_type(onnx::TensorProto::FLOAT);
  proto.add_dims(2);
  proto.add_dims(2);
  proto.set_raw_data(std::string(12, '\0'));
  HostTensor t;
  std::string error;
  EXPECT_FALSE(parseTensorProto(proto.SerializeAsString(), t, error));
  EXPECT_EQ(error, "raw_data holds 12 bytes, expected 16 for FLOAT [2, 2]");

  proto.clear_raw_data();
  proto.add_float_data(1);
  EXPECT_FALSE(parseTensorProto(proto.SerializeAsString(), t, error));
  EXPECT_EQ(error, "float_data holds 1 elements, expected 4 for FLOAT [2, 2]");

  proto.set_data_location(onnx::TensorProto::EXTERNAL);
  EXPECT_FALSE(parseTensorProto(proto.SerializeAsString(), t, error));
  EXPECT_EQ(error, "TensorProto with external data is not supported");
}

TEST(TensorProtoRead, RejectsGarbage) {
  HostTensor t;
  std::string error;
  EXPECT_FALSE(parseTensorProto("\xff\xff\xff", t, error));
  EXPECT_EQ(error, "not a valid serialized onnx.TensorProto");
}

TEST(TensorProtoRead, ReadsOnnxBackendTestData) {
  // test_abs: output_0 = |input_0|, both written by ONNX's test generator.
  std::string dir =
      "/usr/share/libonnx-testdata/data/node/test_abs/test_data_set_0/";
  if (access(dir.c_str(), R_OK) != 0)
    GTEST_SKIP() << "libonnx-testdata is not installed";
  HostTensor in, out;
  std::string error;
  ASSERT_TRUE(readTensorProtoFile(dir + "input_0.pb", in, error)) << error;
  ASSERT_TRUE(readTensorProtoFile(dir + "output_0.pb", out, error)) << error;
  ASSERT_EQ(in.shape, out.shape);
  ASSERT_EQ(in.dtype, DLC_DTYPE_F32);
  ASSERT_GT(in.numElements(), 0);
  for (int64_t i = 0; i < in.numElements(); ++i)
    EXPECT_EQ(std::fabs(in.dataAs<float>()[i]), out.dataAs<float>()[i]);
}

//===----------------------------------------------------------------------===//
// Raw files and dispatch
//===----------------------------------------------------------------------===//

TEST(RawRead, ReadsExactSize) {
  HostTensor t;
  std::string error;
  ASSERT_TRUE(
      readRawFile(dataPath("f32_2x3.bin"), DLC_DTYPE_F32, {3, 2}, t, error))
      << error;
  EXPECT_EQ(t.shape, (std::vector<int64_t>{3, 2}));
  EXPECT_EQ(values<float>(t), (std::vector<float>{-1, -0.5, 0, 0.5, 1, 1.5}));
}

TEST(RawRead, RejectsWrongSize) {
  HostTensor t;
  std::string error;
  std::string path = dataPath("f32_2x3.bin");
  EXPECT_FALSE(readRawFile(path, DLC_DTYPE_F64, {2, 3}, t, error));
  EXPECT_EQ(error, path + ": raw file holds 24 bytes, expected 48 (6 x f64 "
                          "for shape [2, 3])");
}

TEST(TensorFile, DispatchesOnExtension) {
  EXPECT_EQ(tensorFileKindFor("a/b.npy"), TensorFileKind::Npy);
  EXPECT_EQ(tensorFileKindFor("input_0.pb"), TensorFileKind::TensorProto);
  EXPECT_EQ(tensorFileKindFor("x.bin"), TensorFileKind::Raw);
  EXPECT_EQ(tensorFileKindFor("npy"), TensorFileKind::Raw);

  HostTensor t;
  std::string error;
  ASSERT_TRUE(readTensorFile(dataPath("tp_f32_raw.pb"), DLC_DTYPE_INVALID, {},
                             t, error))
      << error;
  EXPECT_EQ(t.shape, (std::vector<int64_t>{3, 4}));
  ASSERT_TRUE(
      readTensorFile(dataPath("f32_2x3.bin"), DLC_DTYPE_F32, {6}, t, error))
      << error;
  EXPECT_EQ(t.shape, (std::vector<int64_t>{6}));
}

//===----------------------------------------------------------------------===//
// Element types
//===----------------------------------------------------------------------===//

TEST(Dtype, NamesRoundTrip) {
  for (dlc_dtype d :
       {DLC_DTYPE_F32, DLC_DTYPE_F16, DLC_DTYPE_F64, DLC_DTYPE_I8, DLC_DTYPE_U8,
        DLC_DTYPE_I32, DLC_DTYPE_I64, DLC_DTYPE_BOOL})
    EXPECT_EQ(parseDtype(dtypeName(d)), d);
  EXPECT_EQ(parseDtype("float32"), DLC_DTYPE_F32);
  EXPECT_EQ(parseDtype("f128"), DLC_DTYPE_INVALID);
  EXPECT_EQ(dtypeSize(DLC_DTYPE_INVALID), 0u);
  EXPECT_STREQ(dtypeName(static_cast<dlc_dtype>(99)), "invalid");
}

TEST(Dtype, HalfToFloatIsExact) {
  EXPECT_EQ(halfToFloat(0x3c00), 1.0f);
  EXPECT_EQ(halfToFloat(0xc000), -2.0f);
  EXPECT_EQ(halfToFloat(0x7bff), 65504.0f);
  EXPECT_EQ(halfToFloat(0x0001), std::ldexp(1.0f, -24)); // smallest subnormal
  EXPECT_EQ(halfToFloat(0x03ff), std::ldexp(1023.0f, -24));
  EXPECT_EQ(halfToFloat(0x0400), std::ldexp(1.0f, -14)); // smallest normal
  EXPECT_TRUE(std::signbit(halfToFloat(0x8000)));
  EXPECT_EQ(halfToFloat(0x7c00), INFINITY);
  EXPECT_EQ(halfToFloat(0xfc00), -INFINITY);
  EXPECT_TRUE(std::isnan(halfToFloat(0x7e00)));
}

TEST(Dtype, FloatToHalfRoundsToNearestEven) {
  EXPECT_EQ(floatToHalf(1.0f), 0x3c00);
  EXPECT_EQ(floatToHalf(-2.0f), 0xc000);
  EXPECT_EQ(floatToHalf(65504.0f), 0x7bff);
  EXPECT_EQ(floatToHalf(65519.0f), 0x7bff);
  EXPECT_EQ(floatToHalf(65520.0f), 0x7c00);
  EXPECT_EQ(floatToHalf(-1e10f), 0xfc00);
  EXPECT_EQ(floatToHalf(INFINITY), 0x7c00);
  EXPECT_TRUE(std::isnan(halfToFloat(floatToHalf(NAN))));
  EXPECT_EQ(floatToHalf(-0.0f), 0x8000);
  // 1 + 2^-11 is halfway between 1 and 1 + 2^-10: ties to even (1).
  EXPECT_EQ(floatToHalf(1.0f + std::ldexp(1.0f, -11)), 0x3c00);
  // 1 + 3 * 2^-11 is halfway between two odd/even neighbours: rounds up.
  EXPECT_EQ(floatToHalf(1.0f + 3 * std::ldexp(1.0f, -11)), 0x3c02);
  EXPECT_EQ(floatToHalf(std::ldexp(1.0f, -24)), 0x0001);
  EXPECT_EQ(floatToHalf(std::ldexp(1.0f, -25)), 0x0000); // tie to even 0
  EXPECT_EQ(floatToHalf(std::ldexp(3.0f, -25)), 0x0002); // tie to even 2
  EXPECT_EQ(floatToHalf(std::ldexp(1023.75f, -24)), 0x0400);
  // Every half value converts back to itself.
  for (uint32_t h = 0; h < 0x10000; ++h) {
    float f = halfToFloat(uint16_t(h));
    if (!std::isnan(f))
      EXPECT_EQ(floatToHalf(f), h) << h;
  }
}

TEST(Shape, CountsAndFormats) {
  EXPECT_EQ(shapeNumElements({}), 1);
  EXPECT_EQ(shapeNumElements({2, 0, 5}), 0);
  EXPECT_EQ(shapeNumElements({2, -1}), -1);
  EXPECT_EQ(shapeNumElements({int64_t(1) << 40, int64_t(1) << 40}), -1);
  EXPECT_EQ(formatShape({}), "[]");
  EXPECT_EQ(formatShape({1, 3, 224, 224}), "[1, 3, 224, 224]");
}

//===----------------------------------------------------------------------===//
// Values
//===----------------------------------------------------------------------===//

TEST(Stats, SummarizesValues) {
  TensorStats s = computeStats(makeF32({2, 2}, {1, 5, -3, 5}));
  EXPECT_EQ(s.min, -3);
  EXPECT_EQ(s.max, 5);
  EXPECT_EQ(s.mean, 2);
  EXPECT_EQ(s.argmax, 1); // the first of the two maxima
  EXPECT_EQ(s.nanCount, 0);
}

TEST(Stats, LeavesOutNaNs) {
  TensorStats s = computeStats(makeF32({3}, {NAN, -1, NAN}));
  EXPECT_EQ(s.nanCount, 2);
  EXPECT_EQ(s.min, -1);
  EXPECT_EQ(s.argmax, 1);
  TensorStats all = computeStats(makeF32({1}, {NAN}));
  EXPECT_TRUE(std::isnan(all.mean));
  EXPECT_EQ(all.argmax, -1);
  TensorStats empty = computeStats(HostTensor(DLC_DTYPE_F32, {0}));
  EXPECT_EQ(empty.argmax, -1);
}

TEST(Compare, AppliesAbsoluteAndRelativeTolerance) {
  HostTensor expected = makeF32({3}, {0, 100, -2});
  // tol = atol + rtol*|e| = 0.5 + 0.01*|e|: 0.5, 1.5, 0.52
  EXPECT_TRUE(
      compareTensors(makeF32({3}, {0.5, 101.5, -2.5}), expected, 0.01, 0.5).ok);
  CompareResult r =
      compareTensors(makeF32({3}, {0.5, 101.75, -2.5}), expected, 0.01, 0.5);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.mismatches, 1);
  EXPECT_EQ(r.worstIndex, 1);
  EXPECT_EQ(r.message, "1 of 3 values differ; worst at [1]: got 101.75, "
                       "expected 100 (|diff| 1.75 > tolerance 1.5)");
}

TEST(Compare, ReportsWorstIndexAsCoordinates) {
  HostTensor expected = makeF32({2, 3}, {0, 0, 0, 0, 0, 0});
  CompareResult r =
      compareTensors(makeF32({2, 3}, {0, 1, 0, 0, 0, 3}), expected, 0, 0);
  EXPECT_EQ(r.mismatches, 2);
  EXPECT_EQ(r.worstIndex, 5);
  EXPECT_EQ(r.message.rfind("2 of 6 values differ; worst at [1, 2]: got 3,", 0),
            0u)
      << r.message;
}

TEST(Compare, HandlesNaNAndInfinity) {
  EXPECT_TRUE(compareTensors(makeF32({2}, {NAN, INFINITY}),
                             makeF32({2}, {NAN, INFINITY}), 1e-3, 1e-5)
                  .ok);
  EXPECT_FALSE(
      compareTensors(makeF32({1}, {1}), makeF32({1}, {NAN}), 1e-3, 1e-5).ok);
  EXPECT_FALSE(
      compareTensors(makeF32({1}, {NAN}), makeF32({1}, {1}), 1e-3, 1e-5).ok);
  EXPECT_FALSE(compareTensors(makeF32({1}, {-INFINITY}),
                              makeF32({1}, {INFINITY}), 1e-3, 1e-5)
                   .ok);
  EXPECT_FALSE(compareTensors(makeF32({1}, {3e38f}), makeF32({1}, {INFINITY}),
                              1e-3, 1e-5)
                   .ok);
}

TEST(Compare, RequiresSameShapeAndDtype) {
  CompareResult r = compareTensors(makeF32({2, 3}, {0, 0, 0, 0, 0, 0}),
                                   makeF32({3, 2}, {0, 0, 0, 0, 0, 0}), 1, 1);
  EXPECT_EQ(r.message, "shape [2, 3] differs from the expected [3, 2]");
  HostTensor i32(DLC_DTYPE_I32, {2, 3});
  r = compareTensors(i32, makeF32({2, 3}, {0, 0, 0, 0, 0, 0}), 1, 1);
  EXPECT_EQ(r.message, "dtype i32 differs from the expected f32");
}

TEST(Compare, IntegersMustBeExact) {
  HostTensor a(DLC_DTYPE_I64, {2}), e(DLC_DTYPE_I64, {2});
  a.dataAs<int64_t>()[1] = 1;
  CompareResult r = compareTensors(a, e, 1.0, 1.0);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.message, "1 of 2 values differ; worst at [1]: got 1, expected "
                       "0");
}
