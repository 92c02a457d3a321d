#pragma once
// Small encodings shared by the libraries: percent-decoding (URLs and form bodies) and random
// identifiers.
#include <string>
#include <string_view>

namespace advieslijn {

// Percent-decodes a URL component ('+' as space when `form` is true). Returns false for a
// malformed escape.
bool url_decode(std::string_view in, std::string& out, bool form = true);

// The characters (code points) of UTF-8 text: what a limit a person can see counts. A
// browser's `maxlength` counts UTF-16 units, never fewer than code points, so text a page
// let through never fails a server limit of the same number ("é" is two bytes, one
// character). Invalid bytes count as characters of their own.
std::size_t utf8_characters(std::string_view text);

// 32 hex characters from the system's CSPRNG (128 bits): task and chat session ids.
std::string random_hex_id();

}  // namespace advieslijn
