#include "routing/record.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace advieslijn::routing;

TEST(Record, FieldsComeBackInOrderWithAnyBytes) {
    const std::string binary("a\0b:\n9:", 7);
    const std::vector<std::string> list{"", "x", "12:345"};
    const std::string text = RecordWriter("t1")
                                 .add(std::string_view("hallo"))
                                 .add(-42)
                                 .add(true)
                                 .add(std::string_view(binary))
                                 .add(list)
                                 .add(std::string_view(""))
                                 .take();
    RecordReader r(text, "t1");
    std::string s, b, empty;
    int n = 0;
    bool flag = false;
    std::vector<std::string> l;
    r.read(s);
    r.read(n);
    r.read(flag);
    r.read(b);
    r.read(l);
    r.read(empty);
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(r.at_end());
    EXPECT_EQ(s, "hallo");
    EXPECT_EQ(n, -42);
    EXPECT_TRUE(flag);
    EXPECT_EQ(b, binary);
    EXPECT_EQ(l, list);
    EXPECT_EQ(empty, "");
}

TEST(Record, MalformedInputIsRefused) {
    auto refused = [](std::string_view text, auto read) {
        RecordReader r(text, "t1");
        read(r);
        return !r.ok();
    };
    auto one_string = [](RecordReader& r) { r.next(); };
    EXPECT_TRUE(refused("t2\n1:a", one_string));         // another tag
    EXPECT_TRUE(refused("t1", one_string));              // no tag line
    EXPECT_TRUE(refused("t1\n", one_string));            // a field missing
    EXPECT_TRUE(refused("t1\n5:abc", one_string));       // shorter than its length
    EXPECT_TRUE(refused("t1\n:abc", one_string));        // no length
    EXPECT_TRUE(refused("t1\n-1:abc", one_string));      // negative length
    EXPECT_TRUE(refused("t1\n3abc", one_string));        // no colon
    EXPECT_TRUE(refused("t1\n99999999999999999999999:a", one_string));  // length overflows
    auto one_int = [](RecordReader& r) {
        int n;
        r.read(n);
    };
    EXPECT_TRUE(refused("t1\n2:1x", one_int));
    EXPECT_TRUE(refused("t1\n0:", one_int));
    EXPECT_TRUE(refused("t1\n11:99999999999", one_int));  // does not fit an int
    auto one_bool = [](RecordReader& r) {
        bool b;
        r.read(b);
    };
    EXPECT_TRUE(refused("t1\n1:2", one_bool));
    auto one_list = [](RecordReader& r) {
        std::vector<std::string> l;
        r.read(l);
    };
    EXPECT_TRUE(refused("t1\n10:1000000000", one_list));  // a count the rest cannot hold
    EXPECT_TRUE(refused("t1\n1:2" "1:a", one_list));       // one item short
    // Once refused, later reads stay refused and return nothing.
    RecordReader r("t1\n5:ab", "t1");
    EXPECT_EQ(r.next(), "");
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(r.next(), "");
    EXPECT_FALSE(r.ok());
}
