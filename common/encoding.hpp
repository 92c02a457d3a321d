#pragma once
// Small encodings shared by the libraries: percent-decoding (URLs and form bodies) and random
// identifiers.
#include <string>
#include <string_view>

namespace advieslijn {

// Percent-decodes a URL component ('+' as space when `form` is true). Returns false for a
// malformed escape.
bool url_decode(std::string_view in, std::string& out, bool form = true);

// 32 hex characters from the system's CSPRNG (128 bits): task and chat session ids.
std::string random_hex_id();

}  // namespace advieslijn
