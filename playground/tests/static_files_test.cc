// The page's compiled-in files: each one the page needs is there with its content type, the
// page's own references all resolve, and nothing else does (hostile paths included).
#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "playground/static_files.h"

namespace actlab::playground {
namespace {

std::string Bytes(std::string_view path) {
  const auto file = StaticFile(path);
  return file ? std::string(file->bytes) : std::string();
}

TEST(StaticFile, EveryFileOfThePageIsThereWithItsType) {
  const std::pair<const char*, const char*> expected[] = {
      {"/index.html", "text/html; charset=utf-8"},
      {"/style.css", "text/css; charset=utf-8"},
      {"/app.js", "text/javascript; charset=utf-8"},
      {"/vendor/chart.umd.min.js", "text/javascript; charset=utf-8"},
  };
  for (const auto& [path, type] : expected) {
    const auto file = StaticFile(path);
    ASSERT_TRUE(file) << path;
    EXPECT_EQ(file->content_type, type) << path;
    EXPECT_GT(file->bytes.size(), 100u) << path;
  }
  EXPECT_NE(Bytes("/vendor/chart.umd.min.js").find("Chart"), std::string::npos);
}

TEST(StaticFile, RootIsTheIndex) {
  const auto root = StaticFile("/"), index = StaticFile("/index.html");
  ASSERT_TRUE(root && index);
  EXPECT_EQ(root->bytes, index->bytes);
  EXPECT_EQ(root->content_type, "text/html; charset=utf-8");
  EXPECT_NE(root->bytes.find("<!doctype html>"), std::string::npos);
}

TEST(StaticFile, EveryListedPathHasBytesAndAKnownType) {
  const auto paths = StaticFilePaths();
  EXPECT_GE(paths.size(), 5u);
  for (std::string_view path : paths) {
    const auto file = StaticFile(path);
    ASSERT_TRUE(file) << path;
    EXPECT_FALSE(file->bytes.empty()) << path;
    EXPECT_NE(file->content_type, "application/octet-stream") << path;
    EXPECT_EQ(path.substr(0, 1), "/") << path;
  }
}

// What the page loads (src=, href=, and the modules' imports) is compiled in: a file renamed
// in playground/web/ without its references fails here, not in a user's browser.
TEST(StaticFile, ThePagesReferencesResolve) {
  const std::regex html_ref(R"re((?:src|href)="([^":#?]+)")re");
  const std::string index = Bytes("/index.html");
  int seen = 0;
  for (std::sregex_iterator it(index.begin(), index.end(), html_ref), end; it != end; ++it, ++seen) {
    const std::string ref = (*it)[1];
    EXPECT_TRUE(StaticFile(ref.front() == '/' ? ref : "/" + ref)) << "index.html refers to " << ref;
  }
  EXPECT_GE(seen, 3);
  const std::regex import_ref(R"re(from\s+'\./([^']+)')re");
  for (std::string_view path : StaticFilePaths()) {
    if (!path.ends_with(".js") || path.starts_with("/vendor/")) continue;
    const std::string js = Bytes(path);
    for (std::sregex_iterator it(js.begin(), js.end(), import_ref), end; it != end; ++it) {
      EXPECT_TRUE(StaticFile("/" + std::string((*it)[1]))) << path << " imports " << (*it)[1];
    }
  }
}

TEST(StaticFile, UnknownAndHostilePathsAreRefused) {
  for (const char* path : {"", "index.html", "/nothing.html", "/../etc/passwd", "/..%2fetc/passwd",
                           "/%2e%2e/etc/passwd", "//index.html", "/./index.html", "/web/index.html",
                           "/index.html/", "/INDEX.HTML", "/index.html%00", "/vendor/", "/vendor/../app.js",
                           "/api/catalog", "/etc/passwd", "/node_modules/chart.js/package.json",
                           "/CMakeLists.txt", "/static_files.cc"}) {
    EXPECT_FALSE(StaticFile(path)) << path;
  }
  EXPECT_FALSE(StaticFile(std::string_view("/index.html\0x", 13)));
}

}  // namespace
}  // namespace actlab::playground
