#include "accounts/scripts.hpp"

namespace advieslijn::accounts {

const RedisLibrary& functions() {
    static const RedisLibrary l{std::string(lua::library)};
    return l;
}

}  // namespace advieslijn::accounts
