#include "core/resource.h"

#include <gtest/gtest.h>

#include <string>

namespace tandem {
namespace {

TEST(SniffFileType, TrustsTheBytesAndRequiresTheNameToAgree) {
  const std::string pdf = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj";
  const std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
  const std::string jpeg = "\xFF\xD8\xFF\xE0\0\x10JFIF";
  const std::string zip("PK\x03\x04\x14\0\x06\0", 8);
  const struct {
    const char* name;
    std::string bytes;
    const char* type;  // nullptr: refused
  } cases[] = {
      {"guide.pdf", pdf, "application/pdf"},
      {"GUIDE.PDF", pdf, "application/pdf"},
      {"chart.png", png, "image/png"},
      {"photo.jpeg", jpeg, "image/jpeg"},
      {"photo.jpg", jpeg, "image/jpeg"},
      {"plan.docx", zip, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
      {"budget.xlsx", zip, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
      {"notes.md", "# Notes\n\u00c9lodie", "text/markdown; charset=utf-8"},
      {"list.csv", "a,b\n1,2\n", "text/csv; charset=utf-8"},
      {"readme.txt", "hello", "text/plain; charset=utf-8"},
      // The name says one thing, the bytes another.
      {"guide.pdf", "<html><script>", nullptr},
      {"chart.png", pdf, nullptr},
      {"plan.docx", pdf, nullptr},
      {"notes.txt", std::string("MZ\x90\0", 4), nullptr},  // NUL bytes: not text
      {"notes.txt", "caf\xE9", nullptr},                   // Latin-1, not UTF-8
      // Kinds that are never accepted.
      {"setup.exe", "MZ", nullptr},
      {"page.html", "<html>", nullptr},
      {"image.svg", "<svg/>", nullptr},
      {"noextension", pdf, nullptr},
  };
  for (const auto& c : cases) {
    std::string why;
    const auto type = SniffFileType(c.name, c.bytes, why);
    if (c.type) {
      EXPECT_EQ(type, std::optional<std::string>(c.type)) << c.name << ": " << why;
    } else {
      EXPECT_EQ(type, std::nullopt) << c.name;
      EXPECT_FALSE(why.empty()) << c.name;
    }
  }
  std::string why;
  SniffFileType("guide.pdf", "<html>", why);
  EXPECT_EQ(why, "the file's bytes are not a PDF as its name guide.pdf says");
  SniffFileType("setup.exe", "MZ", why);
  EXPECT_NE(why.find("files of type .exe are not accepted"), std::string::npos) << why;
}

TEST(IsWebUrl, AcceptsHttpAndHttpsOnly) {
  EXPECT_TRUE(IsWebUrl("https://www.hematology.org/education"));
  EXPECT_TRUE(IsWebUrl("HTTP://example.org"));
  EXPECT_FALSE(IsWebUrl("javascript:alert(1)"));
  EXPECT_FALSE(IsWebUrl("ftp://example.org/file"));
  EXPECT_FALSE(IsWebUrl("https://"));
  EXPECT_FALSE(IsWebUrl("https:///path"));
  EXPECT_FALSE(IsWebUrl("https://exa mple.org"));
  EXPECT_FALSE(IsWebUrl("example.org"));
}

}  // namespace
}  // namespace tandem
