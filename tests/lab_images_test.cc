// The image loaders: a correct load of the installed files (counts, labels, pixel range), and every
// error path on small damaged copies written to a temporary folder: each must throw naming the
// file, what is wrong, and where the data comes from.
#include <gtest/gtest.h>
#include <zlib.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <stdexcept>

#include "lab/data/images.h"

namespace actlab::lab {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() : path_(fs::temp_directory_path() / ("actlab_images_" + std::to_string(::getpid()) + "_" +
                                                  std::to_string(counter_++))) {
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string str() const { return path_.string(); }

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

std::string BigEndian(std::uint32_t v) {
  return {char(v >> 24), char(v >> 16 & 0xff), char(v >> 8 & 0xff), char(v & 0xff)};
}
void WriteGzip(const std::string& path, const std::string& bytes) {
  gzFile f = gzopen(path.c_str(), "wb");
  ASSERT_TRUE(f);
  ASSERT_EQ(gzwrite(f, bytes.data(), unsigned(bytes.size())), int(bytes.size()));
  gzclose(f);
}
std::string Labels(std::uint32_t n, char fill = 3) { return BigEndian(0x801) + BigEndian(n) + std::string(n, fill); }

// The message of what `load` throws; fails the test when it does not throw std::runtime_error.
template <class F>
std::string Thrown(F load) {
  try {
    load();
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  ADD_FAILURE() << "no std::runtime_error";
  return "";
}

TEST(Images, FashionMnistLoadsBothSplits) {
  const Images train = FashionMnist(Split::kTrain), test = FashionMnist(Split::kTest);
  ASSERT_EQ(train.size(), 60000u);
  ASSERT_EQ(test.size(), 10000u);
  EXPECT_EQ(train.pixels.size(), 60000u * 784);
  std::vector<int> per_class(10);
  for (int label : train.labels) ++per_class[std::size_t(label)];
  for (int c = 0; c < 10; ++c) EXPECT_EQ(per_class[std::size_t(c)], 6000) << "class " << c;  // balanced by design
  const auto [lo, hi] = std::minmax_element(train.pixels.begin(), train.pixels.end());
  EXPECT_EQ(*lo, 0.0f);
  EXPECT_EQ(*hi, 1.0f);  // 255 / 255: the scaling reaches both ends
}

TEST(Images, MnistDigitsLoads) {
  const Images digits = MnistDigits();
  ASSERT_EQ(digits.size(), 10000u);
  EXPECT_EQ(digits.pixels.size(), 10000u * 784);
  EXPECT_EQ(std::set<int>(digits.labels.begin(), digits.labels.end()).size(), 10u);
  EXPECT_EQ(std::count(digits.labels.begin(), digits.labels.end(), 5), 863);
  const auto [lo, hi] = std::minmax_element(digits.pixels.begin(), digits.pixels.end());
  EXPECT_EQ(*lo, 0.0f);
  EXPECT_LE(*hi, 1.0f);
  EXPECT_GT(*hi, 0.99f);
}

TEST(Images, FashionMissingFileNamesItAndThePackage) {
  TempDir dir;
  const std::string m = Thrown([&] { FashionMnist(Split::kTrain, dir.str()); });
  EXPECT_NE(m.find("train-labels-idx1-ubyte.gz"), std::string::npos) << m;
  EXPECT_NE(m.find("cannot open"), std::string::npos) << m;
  EXPECT_NE(m.find("dataset-fashion-mnist"), std::string::npos) << m;
}

TEST(Images, FashionBadMagic) {
  TempDir dir;
  WriteGzip(dir.str() + "/t10k-labels-idx1-ubyte.gz", BigEndian(0x803) + BigEndian(10000) + std::string(10000, 1));
  const std::string m = Thrown([&] { FashionMnist(Split::kTest, dir.str()); });
  EXPECT_NE(m.find("t10k-labels-idx1-ubyte.gz: bad magic number 0x803, expected 0x801"), std::string::npos) << m;
}

TEST(Images, FashionWrongCount) {
  TempDir dir;
  WriteGzip(dir.str() + "/t10k-labels-idx1-ubyte.gz", Labels(5));
  const std::string m = Thrown([&] { FashionMnist(Split::kTest, dir.str()); });
  EXPECT_NE(m.find("dimension 0 is 5, expected 10000"), std::string::npos) << m;
}

TEST(Images, FashionTruncatedData) {
  TempDir dir;
  WriteGzip(dir.str() + "/t10k-labels-idx1-ubyte.gz", Labels(10000).substr(0, 8 + 9000));
  const std::string m = Thrown([&] { FashionMnist(Split::kTest, dir.str()); });
  EXPECT_NE(m.find("truncated: 9000 bytes of data, expected 10000"), std::string::npos) << m;
}

TEST(Images, FashionTruncatedGzipStream) {
  TempDir dir;
  const std::string path = dir.str() + "/t10k-labels-idx1-ubyte.gz";
  WriteGzip(path, Labels(10000));
  fs::resize_file(path, fs::file_size(path) / 2);  // cut the compressed file itself
  const std::string m = Thrown([&] { FashionMnist(Split::kTest, dir.str()); });
  EXPECT_NE(m.find(path), std::string::npos) << m;
  EXPECT_NE(m.find("truncated"), std::string::npos) << m;
}

TEST(Images, FashionShortHeader) {
  TempDir dir;
  WriteGzip(dir.str() + "/t10k-labels-idx1-ubyte.gz", BigEndian(0x801));
  const std::string m = Thrown([&] { FashionMnist(Split::kTest, dir.str()); });
  EXPECT_NE(m.find("shorter than the 8-byte IDX header"), std::string::npos) << m;
}

TEST(Images, FashionLabelOutOfRange) {
  TempDir dir;
  std::string labels = Labels(10000);
  labels[8 + 17] = 12;
  WriteGzip(dir.str() + "/t10k-labels-idx1-ubyte.gz", labels);
  const std::string m = Thrown([&] { FashionMnist(Split::kTest, dir.str()); });
  EXPECT_NE(m.find("label 17 is 12, outside 0..9"), std::string::npos) << m;
}

TEST(Images, FashionImagesWrongShape) {
  TempDir dir;
  WriteGzip(dir.str() + "/t10k-labels-idx1-ubyte.gz", Labels(10000));
  WriteGzip(dir.str() + "/t10k-images-idx3-ubyte.gz", BigEndian(0x803) + BigEndian(10000) + BigEndian(32) + BigEndian(32));
  const std::string m = Thrown([&] { FashionMnist(Split::kTest, dir.str()); });
  EXPECT_NE(m.find("t10k-images-idx3-ubyte.gz: dimension 1 is 32, expected 28"), std::string::npos) << m;
}

// Writes `content` as digit file `digit` of `dir`, and before it the files of the smaller digits,
// holding the package's counts of blank images (the loader reads 0..9 in order and stops at the
// first error, so later files are not needed).
void WriteDigits(const std::string& dir, int digit, const std::string& content) {
  fs::create_directories(dir + "/src/digits");
  const int counts[10] = {1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978};
  for (int d = 0; d <= digit; ++d) {
    std::ofstream out(dir + "/src/digits/" + std::to_string(d) + ".json");
    if (d == digit) {
      out << content;
      continue;
    }
    out << "{ \"data\": [0";
    for (int i = 1; i < counts[d] * 784; ++i) out << ",0";
    out << "] }";
  }
}
std::string DigitJson(int values, const std::string& value = "0.5", const std::string& tail = "] }") {
  std::string s = "{ \"data\": [" + value;
  for (int i = 1; i < values; ++i) s += ",0";
  return s + tail;
}

TEST(Images, MnistMissingFolderNamesThePackage) {
  TempDir dir;
  const std::string m = Thrown([&] { MnistDigits(dir.str()); });
  EXPECT_NE(m.find("src/digits/0.json: cannot open"), std::string::npos) << m;
  EXPECT_NE(m.find("mnist 1.1.0"), std::string::npos) << m;
  EXPECT_NE(m.find("scripts/install-deps.sh"), std::string::npos) << m;
}

TEST(Images, MnistCorruptFiles) {
  const struct {
    int digit;
    std::string content, expected;
  } cases[] = {
      {0, DigitJson(784 * 1001, "0.5", ""), "0.json: truncated: the file ends where ] was expected"},
      {2, "{ \"data\": [0.1, abc] }", "2.json: value 1 is not a number"},
      {3, "{ \"data\": [0.1,", "3.json: truncated after 1 values (no closing ']')"},
      {4, DigitJson(784 * 980, "1.5"), "4.json: value 0 is 1.500000, outside [0, 1]"},
      {5, DigitJson(784 * 2), "5.json: holds 2 images, expected 863 (mnist 1.1.0)"},
      {6, DigitJson(785), "6.json: 785 values, not a whole number of 28x28 images"},
      {7, "[1, 2]", "7.json: not the package's JSON: expected { at byte 0"},
      {9, DigitJson(784 * 978) + "x", "9.json: trailing content after the JSON object"},
  };
  for (const auto& c : cases) {
    TempDir dir;
    WriteDigits(dir.str(), c.digit, c.content);
    const std::string m = Thrown([&] { MnistDigits(dir.str()); });
    EXPECT_NE(m.find(c.expected), std::string::npos) << m;
    EXPECT_NE(m.find("mnist 1.1.0"), std::string::npos) << m;
  }
}

TEST(Images, StratifiedSubsetTakesEqualCountsWithoutRepeats) {
  Images images;
  images.rows = images.cols = 1;
  images.classes = 3;
  for (int i = 0; i < 30; ++i) {
    images.labels.push_back(i % 3);
    images.pixels.push_back(float(i));  // the pixel identifies the image
  }
  Rng rng(5);
  const Images subset = StratifiedSubset(images, 4, rng);
  ASSERT_EQ(subset.size(), 12u);
  for (int c = 0; c < 3; ++c) EXPECT_EQ(std::count(subset.labels.begin(), subset.labels.end(), c), 4);
  EXPECT_EQ(std::set<float>(subset.pixels.begin(), subset.pixels.end()).size(), 12u);
  for (std::size_t i = 0; i < subset.size(); ++i) EXPECT_EQ(int(subset.pixels[i]) % 3, subset.labels[i]);
  EXPECT_TRUE(std::is_sorted(subset.pixels.begin(), subset.pixels.end()));
  Rng again(5);
  EXPECT_EQ(StratifiedSubset(images, 4, again).pixels, subset.pixels);
  EXPECT_THROW(StratifiedSubset(images, 11, rng), std::invalid_argument);
}

TEST(Images, ToDatasetKeepsPixelsAndLabels) {
  Rng rng(1);
  const Images subset = StratifiedSubset(FashionMnist(Split::kTest), 3, rng);
  const Dataset d = ToDataset(subset);
  ASSERT_EQ(d.x.rows(), 30);
  ASSERT_EQ(d.x.cols(), 784);
  EXPECT_EQ(d.x(7, 300), double(subset.pixels[7 * 784 + 300]));
  EXPECT_EQ(d.labels, subset.labels);
  EXPECT_EQ(d.classes, 10);
}

}  // namespace
}  // namespace actlab::lab
