#pragma once
// The accounts Redis Functions library, embedded at build time from accounts/lua/*.lua by
// cmake/embed_lua.cmake (as callbacks/ does), and the name of the function each script became.
namespace advieslijn::accounts::lua {
extern const char library[];  // FUNCTION LOAD source
extern const char add_user[];
extern const char check_session[];
extern const char end_sessions[];
extern const char start_session[];
}  // namespace advieslijn::accounts::lua

#include "common/redis_client.hpp"

namespace advieslijn::accounts {
// The library above, for RedisClient::fcall.
const RedisLibrary& functions();
}  // namespace advieslijn::accounts
