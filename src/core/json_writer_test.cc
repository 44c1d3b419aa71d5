#include "core/json_writer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include <nlohmann/json.hpp>

namespace tandem {
namespace {

using Json = nlohmann::ordered_json;

// The reference: nlohmann's dump, compact, invalid UTF-8 replaced.
std::string Dump(const Json& json) {
  return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

TEST(JsonWriter, WritesWhatDumpWrites) {
  const std::string texts[] = {"",
                               "plain text",
                               "a \"quote\" and a \\ backslash",
                               "tab\tnewline\ncontrol\x01",
                               "Jos\xc3\xa9 M\xc3\xbcller \xe2\x80\x94 \xf0\x9f\x99\x82",
                               "invalid \xc3\x28 utf-8 \xff",
                               "\x7f delete"};
  for (const std::string& text : texts) {
    JsonWriter w;
    w.BeginArray().String(text).Int(-42).Bool(true).Null().EndArray();
    EXPECT_EQ(w.Take(), Dump(Json{text, -42, true, nullptr})) << text;
  }
  for (const double number : {0.0,
                              -0.0,
                              1.0,
                              -2.5,
                              71.25,
                              0.1,
                              1.0 / 3,
                              1e21,
                              1e-7,
                              123456789.0,
                              5e-324,
                              1.7976931348623157e308,
                              std::nan(""),
                              HUGE_VAL,
                              10.0,
                              -3.0,
                              25.0,
                              999999999999999.0,
                              1e15,
                              -1e15,
                              123456789012345.0,
                              9007199254740993.0,
                              -0.5,
                              4294967296.0}) {
    JsonWriter w;
    w.BeginArray().Number(number).EndArray();
    EXPECT_EQ(w.Take(), Dump(Json{number})) << number;
  }
  JsonWriter w;
  w.BeginObject().Key("a").BeginArray().EndArray().Key("b").BeginObject().EndObject();
  w.Key("c")
      .Verbatim(Dump(Json{{"x", 1}}))
      .Key("d")
      .BeginArray()
      .Int(1)
      .Int(2)
      .EndArray()
      .EndObject();
  EXPECT_EQ(w.Take(), R"({"a":[],"b":{},"c":{"x":1},"d":[1,2]})");
  // Keys from the code and from data ("a \"b\"" escaped) alike; the writer
  // grows past what was reserved, and is empty and usable after each Take.
  for (int round = 0; round < 2; ++round) {
    Json tree = Json::object();
    w.Reserve(16);
    w.BeginObject();
    for (int i = 0; i < 200; ++i) {
      const std::string key = "key " + std::to_string(i) + (i % 7 == 0 ? " \"quoted\"" : "");
      w.Key(key).Int(i * round);
      tree[key] = i * round;
    }
    w.Key("last").Null().EndObject();
    tree["last"] = nullptr;
    const std::string text = w.Take();
    EXPECT_GT(text.size(), 2000u);
    EXPECT_EQ(Json::parse(text), tree) << "round " << round;
  }
  EXPECT_EQ(w.Take(), "");
}

}  // namespace
}  // namespace tandem
