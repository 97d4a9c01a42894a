#include "playground/static_files.h"

#include "playground/static_files_table.h"

namespace actlab::playground {
namespace {

// playground/CMakeLists.txt refuses to embed a file whose extension is not here, so every
// compiled-in file has its type.
std::string_view ContentType(std::string_view path) {
  const auto dot = path.rfind('.');
  const std::string_view ext = dot == std::string_view::npos ? "" : path.substr(dot + 1);
  if (ext == "html") return "text/html; charset=utf-8";
  if (ext == "css") return "text/css; charset=utf-8";
  if (ext == "js") return "text/javascript; charset=utf-8";
  if (ext == "svg") return "image/svg+xml";
  if (ext == "png") return "image/png";
  return "application/octet-stream";
}

}  // namespace

std::optional<File> StaticFile(std::string_view path) {
  if (path == "/") path = "/index.html";
  for (std::size_t i = 0; i < embedded::kEntryCount; ++i) {
    const embedded::Entry& e = embedded::kEntries[i];
    if (path != e.path) continue;
    return File{ContentType(path), std::string_view(reinterpret_cast<const char*>(e.bytes), e.size)};
  }
  return std::nullopt;
}

std::vector<std::string_view> StaticFilePaths() {
  std::vector<std::string_view> paths;
  for (std::size_t i = 0; i < embedded::kEntryCount; ++i) paths.push_back(embedded::kEntries[i].path);
  return paths;
}

}  // namespace actlab::playground
