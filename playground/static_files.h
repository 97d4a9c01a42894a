// The playground page's files, compiled into the program (playground/web/ and Chart.js): the
// only files `actlab serve` can send (ServerOptions::files).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "playground/server.h"

namespace actlab::playground {

// The file at a URL path ("/" is "/index.html"), with its content type; nullopt for any path
// not in the compiled-in set, which is looked up as a whole: nothing is resolved or read.
std::optional<File> StaticFile(std::string_view path);

// Every compiled-in path, for the tests.
std::vector<std::string_view> StaticFilePaths();

}  // namespace actlab::playground
