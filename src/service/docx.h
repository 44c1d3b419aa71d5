// The text of a Word document (.docx), for qualitative analysis
// (docs/evaluation.md): paragraphs as lines, tabs and line breaks kept,
// everything else (styles, comments, headers, footers, images) left out.
#pragma once

#include <string>
#include <string_view>

namespace tandem::service {

// `bytes` is the .docx file. Throws tandem::Error(kInvalidArgument, field
// "file") when it is not a Word document (not a zip, no word/document.xml,
// a document over 20 MB unpacked) or its text is not UTF-8.
std::string DocxToText(std::string_view bytes);

}  // namespace tandem::service
