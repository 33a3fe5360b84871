/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Without libFuzzer: feeds every file of the corpus directories (or the files)
 * named on the command line to LLVMFuzzerTestOneInput(), so that the normal and
 * sanitizer builds replay the corpora as regression tests.
 */
#include "config.h"

#include "fuzz-common.h"

#include <stdio.h>
#include <string.h>

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
replay_file (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  guint8 *copy;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, &error))
    {
      g_printerr ("replay: %s\n", error->message);
      return FALSE;
    }

  /* An allocation of exactly the input's size, so AddressSanitizer sees any
   * read past its end as libFuzzer would */
  copy = g_malloc (MAX (len, 1));
  if (len > 0)
    memcpy (copy, contents, len);
  LLVMFuzzerTestOneInput (copy, len);
  g_free (copy);
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  guint n_replayed = 0;

  if (argc < 2)
    {
      g_printerr ("Usage: %s CORPUS-DIR|FILE…\n", argv[0]);
      return 2;
    }

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GDir) dir = NULL;
      const char *name;

      if (!g_file_test (argv[i], G_FILE_TEST_IS_DIR))
        {
          if (!replay_file (argv[i]))
            return 1;
          n_replayed++;
          continue;
        }

      dir = g_dir_open (argv[i], 0, NULL);
      if (dir == NULL)
        {
          g_printerr ("replay: cannot open %s\n", argv[i]);
          return 1;
        }
      while ((name = g_dir_read_name (dir)) != NULL)
        g_ptr_array_add (names, g_build_filename (argv[i], name, NULL));

      /* In a fixed order, so that a failure is reproducible */
      g_ptr_array_sort (names, compare_names);
      for (guint j = 0; j < names->len; j++)
        {
          const char *path = g_ptr_array_index (names, j);

          if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
            continue;
          g_print ("replaying %s\n", path);
          if (!replay_file (path))
            return 1;
          n_replayed++;
        }
    }

  /* An empty corpus is a wrong path, not a passing test */
  if (n_replayed == 0)
    {
      g_printerr ("replay: no input found\n");
      return 1;
    }

  g_print ("replayed %u inputs\n", n_replayed);
  return 0;
}
