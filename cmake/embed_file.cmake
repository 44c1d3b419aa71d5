# Generates a C++ source with one file's bytes as a function returning
# std::string_view. Invoked at build time:
#   cmake -DIN=FILE -DOUT=FILE.cc -DHEADER=api/openapi.h -DNAMESPACE=tandem::api
#         -DFUNCTION=OpenApiDocument -P embed_file.cmake
# The text goes into raw string literals split into chunks (compilers limit the
# length of one literal); the file must not contain the delimiter )tandem_embed".
foreach(var IN ITEMS IN OUT HEADER NAMESPACE FUNCTION)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "embed_file.cmake: -D${var}=... is required")
  endif()
endforeach()

file(READ ${IN} text)
string(FIND "${text}" ")tandem_embed\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "embed_file.cmake: ${IN} contains the delimiter )tandem_embed\"")
endif()

set(body "// Generated from ${IN} by cmake/embed_file.cmake. Do not edit.\n")
string(APPEND body "#include \"${HEADER}\"\n\nnamespace ${NAMESPACE} {\n\n")
string(APPEND body "std::string_view ${FUNCTION}() {\n  static const char kText[] =\n")
string(LENGTH "${text}" length)
set(chunk 8000)
set(offset 0)
if(length EQUAL 0)
  string(APPEND body "      \"\"\n")
endif()
while(offset LESS length)
  string(SUBSTRING "${text}" ${offset} ${chunk} part)
  string(APPEND body "      R\"tandem_embed(${part})tandem_embed\"\n")
  math(EXPR offset "${offset} + ${chunk}")
endwhile()
string(APPEND body "      ;\n  return std::string_view(kText, sizeof(kText) - 1);\n}\n\n")
string(APPEND body "}  // namespace ${NAMESPACE}\n")
file(WRITE ${OUT}.tmp "${body}")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different ${OUT}.tmp ${OUT})
file(REMOVE ${OUT}.tmp)
