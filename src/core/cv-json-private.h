/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * json-glib, loaded when JSON is first written or read rather than when
 * libcertview-1 is: certview --dump and the window's first frame do not map it or
 * resolve its symbols. The code calls json_*() as usual; below, each name is the
 * function of the loaded library. cv_json_load() must have succeeded before any
 * of them is called: each function that writes or reads JSON starts with it.
 * g_autoptr() works for json-glib's objects (JsonBuilder, JsonGenerator,
 * JsonParser: g_object_unref()), not for JsonNode, JsonObject or JsonArray, whose
 * cleanup functions would name the library's own symbols.
 */

#define CV_JSON_FUNCTIONS(X) \
  X (array_get_element) X (array_get_length) X (builder_add_boolean_value) \
  X (builder_add_int_value) X (builder_add_null_value) X (builder_add_string_value) \
  X (builder_begin_array) X (builder_begin_object) X (builder_end_array) \
  X (builder_end_object) X (builder_get_root) X (builder_new) X (builder_new_immutable) \
  X (builder_set_member_name) X (generator_new) X (generator_set_indent) \
  X (generator_set_pretty) X (generator_set_root) X (generator_to_data) \
  X (node_get_array) X (node_get_int) X (node_get_node_type) X (node_get_object) \
  X (node_get_string) X (node_get_value_type) X (node_unref) X (object_get_member) \
  X (parser_get_root) X (parser_load_from_data) X (parser_new_immutable)

typedef struct
{
#define CV_JSON_MEMBER(name) __typeof__ (json_##name) *name;
  CV_JSON_FUNCTIONS (CV_JSON_MEMBER)
#undef CV_JSON_MEMBER
} CvJson;

/* NULL until cv_json_load() succeeds */
extern const CvJson *cv_json;

/* Loads json-glib once for the process; FALSE with an error that says what to do */
gboolean cv_json_load (GError **error);

/* What @builder built, pretty printed with an indent of 2 */
char    *cv_json_builder_to_text (JsonBuilder *builder);

#define json_array_get_element (cv_json->array_get_element)
#define json_array_get_length (cv_json->array_get_length)
#define json_builder_add_boolean_value (cv_json->builder_add_boolean_value)
#define json_builder_add_int_value (cv_json->builder_add_int_value)
#define json_builder_add_null_value (cv_json->builder_add_null_value)
#define json_builder_add_string_value (cv_json->builder_add_string_value)
#define json_builder_begin_array (cv_json->builder_begin_array)
#define json_builder_begin_object (cv_json->builder_begin_object)
#define json_builder_end_array (cv_json->builder_end_array)
#define json_builder_end_object (cv_json->builder_end_object)
#define json_builder_get_root (cv_json->builder_get_root)
#define json_builder_new (cv_json->builder_new)
#define json_builder_new_immutable (cv_json->builder_new_immutable)
#define json_builder_set_member_name (cv_json->builder_set_member_name)
#define json_generator_new (cv_json->generator_new)
#define json_generator_set_indent (cv_json->generator_set_indent)
#define json_generator_set_pretty (cv_json->generator_set_pretty)
#define json_generator_set_root (cv_json->generator_set_root)
#define json_generator_to_data (cv_json->generator_to_data)
#define json_node_get_array (cv_json->node_get_array)
#define json_node_get_int (cv_json->node_get_int)
#define json_node_get_node_type (cv_json->node_get_node_type)
#define json_node_get_object (cv_json->node_get_object)
#define json_node_get_string (cv_json->node_get_string)
#define json_node_get_value_type (cv_json->node_get_value_type)
#define json_node_unref (cv_json->node_unref)
#define json_object_get_member (cv_json->object_get_member)
#define json_parser_get_root (cv_json->parser_get_root)
#define json_parser_load_from_data (cv_json->parser_load_from_data)
#define json_parser_new_immutable (cv_json->parser_new_immutable)

G_END_DECLS
