/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * CvObjectList, the Saved Decisions window's list of decisions: what a splice
 * leaves in it and says it changed, the references it takes and lets go of, where
 * a sorted insert puts an item, and what it refuses.
 */
#include "config.h"

#include "cv-object-list.h"

typedef struct
{
  CvObjectList *list;
  GArray       *changes;  /* guint triples: position, removed, added */
  guint         n_at_change;  /* the count the last ::items-changed found */
  guint         n_items_notified;
} Fixture;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *fixture)
{
  guint change[3] = { position, removed, added };

  fixture->n_at_change = g_list_model_get_n_items (model);
  g_array_append_vals (fixture->changes, change, 3);
}

static void
n_items_cb (GObject    *object,
            GParamSpec *pspec,
            Fixture    *fixture)
{
  fixture->n_items_notified++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->list = cv_object_list_new (G_TYPE_SIMPLE_ACTION);
  fixture->changes = g_array_new (FALSE, FALSE, sizeof (guint));
  g_signal_connect (fixture->list, "items-changed", G_CALLBACK (items_changed_cb), fixture);
  g_signal_connect (fixture->list, "notify::n-items", G_CALLBACK (n_items_cb), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->list);
  g_array_unref (fixture->changes);
}

/* Items named by the letters of @names */
static GPtrArray *
make_items (const char *names)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);

  for (const char *p = names; *p != '\0'; p++)
    {
      char name[2] = { *p, '\0' };

      g_ptr_array_add (items, g_simple_action_new (name, NULL));
    }
  return items;
}

/* The names of the list's items, in order */
static char *
names_of (CvObjectList *list)
{
  GString *names = g_string_new (NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GAction) item = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_string_append (names, g_action_get_name (item));
    }
  return g_string_free (names, FALSE);
}

static void
assert_last_change (Fixture *fixture,
                    guint    position,
                    guint    removed,
                    guint    added)
{
  guint *change;

  g_assert_cmpuint (fixture->changes->len, >=, 3);
  change = &g_array_index (fixture->changes, guint, fixture->changes->len - 3);
  g_assert_cmpuint (change[0], ==, position);
  g_assert_cmpuint (change[1], ==, removed);
  g_assert_cmpuint (change[2], ==, added);
}

static void
test_model (Fixture       *fixture,
            gconstpointer  data)
{
  GListModel *model = G_LIST_MODEL (fixture->list);
  g_autoptr(GPtrArray) items = make_items ("abc");
  GType item_type = G_TYPE_INVALID;
  guint n_items = G_MAXUINT;

  g_assert_true (g_list_model_get_item_type (model) == G_TYPE_SIMPLE_ACTION);
  g_object_get (fixture->list, "item-type", &item_type, "n-items", &n_items, NULL);
  g_assert_true (item_type == G_TYPE_SIMPLE_ACTION);
  g_assert_cmpuint (n_items, ==, 0);
  g_assert_null (g_list_model_get_item (model, 0));

  cv_object_list_splice (fixture->list, 0, 0, items->pdata, items->len);
  assert_last_change (fixture, 0, 0, 3);
  /* Already holding what it says it holds */
  g_assert_cmpuint (fixture->n_at_change, ==, 3);
  g_assert_cmpuint (fixture->n_items_notified, ==, 1);
  g_object_get (fixture->list, "n-items", &n_items, NULL);
  g_assert_cmpuint (n_items, ==, 3);

  /* The very items, each a reference of its own */
  for (guint i = 0; i < items->len; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      g_assert_true (item == items->pdata[i]);
    }
  g_assert_null (g_list_model_get_item (model, 3));
  g_assert_null (g_list_model_get_item (model, G_MAXUINT));
}

static void
test_splice (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) items = make_items ("abcdef");
  g_autoptr(GPtrArray) more = make_items ("XYZ");
  g_autofree char *names = NULL;

  cv_object_list_splice (fixture->list, 0, 0, items->pdata, items->len);

  /* More in than out, in the middle: the rest move along */
  cv_object_list_splice (fixture->list, 2, 1, more->pdata, 3);
  assert_last_change (fixture, 2, 1, 3);
  names = names_of (fixture->list);
  g_assert_cmpstr (names, ==, "abXYZdef");
  g_clear_pointer (&names, g_free);

  /* Fewer in than out */
  cv_object_list_splice (fixture->list, 1, 4, more->pdata + 2, 1);
  assert_last_change (fixture, 1, 4, 1);
  names = names_of (fixture->list);
  g_assert_cmpstr (names, ==, "aZdef");
  g_clear_pointer (&names, g_free);

  /* At the end, with nothing to remove */
  cv_object_list_splice (fixture->list, 5, 0, more->pdata, 2);
  assert_last_change (fixture, 5, 0, 2);
  names = names_of (fixture->list);
  g_assert_cmpstr (names, ==, "aZdefXY");
  g_clear_pointer (&names, g_free);

  /* As many in as out: no new count */
  fixture->n_items_notified = 0;
  cv_object_list_splice (fixture->list, 0, 2, items->pdata + 1, 2);
  assert_last_change (fixture, 0, 2, 2);
  g_assert_cmpuint (fixture->n_items_notified, ==, 0);
  names = names_of (fixture->list);
  g_assert_cmpstr (names, ==, "bcdefXY");
  g_clear_pointer (&names, g_free);

  /* All out; and a splice that changes nothing says nothing */
  cv_object_list_splice (fixture->list, 0, 7, NULL, 0);
  assert_last_change (fixture, 0, 7, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 0);
  g_array_set_size (fixture->changes, 0);
  cv_object_list_splice (fixture->list, 0, 0, NULL, 0);
  g_assert_cmpuint (fixture->changes->len, ==, 0);
}

static void
test_references (Fixture       *fixture,
                 gconstpointer  data)
{
  GObject *kept = G_OBJECT (g_simple_action_new ("k", NULL));
  GObject *dropped = G_OBJECT (g_simple_action_new ("d", NULL));
  gpointer both[2] = { kept, dropped };

  g_object_add_weak_pointer (kept, (gpointer *) &kept);
  g_object_add_weak_pointer (dropped, (gpointer *) &dropped);

  /* The list's own references: the caller's go */
  cv_object_list_splice (fixture->list, 0, 0, both, 2);
  g_object_unref (both[0]);
  g_object_unref (both[1]);
  g_assert_nonnull (kept);
  g_assert_nonnull (dropped);

  /* An item put back in the splice that removes it stays; one removed goes */
  cv_object_list_splice (fixture->list, 0, 2, both, 1);
  g_assert_nonnull (kept);
  g_assert_null (dropped);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 1);

  /* The list's last reference goes with it */
  g_assert_finalize_object (fixture->list);
  g_assert_null (kept);
  fixture->list = cv_object_list_new (G_TYPE_SIMPLE_ACTION);
}

static int
compare_names (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  guint *calls = user_data;

  (*calls)++;
  return g_strcmp0 (g_action_get_name ((GAction *) a), g_action_get_name ((GAction *) b));
}

static void
test_insert_sorted (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) items = make_items ("bdf");
  g_autoptr(GPtrArray) inserts = make_items ("aceg");
  g_autoptr(GSimpleAction) second_d = g_simple_action_new ("d", NULL);
  g_autoptr(GSimpleAction) last = g_simple_action_new ("z", NULL);
  g_autofree char *names = NULL;
  guint calls = 0;

  /* Into an empty list */
  g_assert_cmpuint (cv_object_list_insert_sorted (fixture->list, items->pdata[1],
                                                  compare_names, &calls), ==, 0);
  cv_object_list_splice (fixture->list, 0, 1, items->pdata, items->len);

  /* First, between and last */
  g_assert_cmpuint (cv_object_list_insert_sorted (fixture->list, inserts->pdata[0],
                                                  compare_names, &calls), ==, 0);
  assert_last_change (fixture, 0, 0, 1);
  g_assert_cmpuint (cv_object_list_insert_sorted (fixture->list, inserts->pdata[2],
                                                  compare_names, &calls), ==, 3);
  g_assert_cmpuint (cv_object_list_insert_sorted (fixture->list, inserts->pdata[3],
                                                  compare_names, &calls), ==, 5);
  g_assert_cmpuint (cv_object_list_insert_sorted (fixture->list, inserts->pdata[1],
                                                  compare_names, &calls), ==, 2);
  names = names_of (fixture->list);
  g_assert_cmpstr (names, ==, "abcdefg");

  /* An equal one after the one already there */
  g_assert_cmpuint (cv_object_list_insert_sorted (fixture->list, second_d,
                                                  compare_names, &calls), ==, 4);
  {
    g_autoptr(GObject) third = g_list_model_get_item (G_LIST_MODEL (fixture->list), 3);
    g_autoptr(GObject) fourth = g_list_model_get_item (G_LIST_MODEL (fixture->list), 4);

    g_assert_true (third == items->pdata[1]);
    g_assert_true (fourth == (gpointer) second_d);
  }

  /* By halves: a handful of comparisons in a long list */
  cv_object_list_splice (fixture->list, 0, g_list_model_get_n_items (G_LIST_MODEL (fixture->list)),
                         NULL, 0);
  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *name = g_strdup_printf ("m%04u", i);
      g_autoptr(GSimpleAction) item = g_simple_action_new (name, NULL);

      cv_object_list_splice (fixture->list, i, 0, (gpointer *) &item, 1);
    }
  calls = 0;
  g_assert_cmpuint (cv_object_list_insert_sorted (fixture->list, inserts->pdata[3],
                                                  compare_names, &calls), ==, 0);
  g_assert_cmpuint (calls, <=, 10);
  calls = 0;
  g_assert_cmpuint (cv_object_list_insert_sorted (fixture->list, last,
                                                  compare_names, &calls), ==, 1001);
  g_assert_cmpuint (calls, <=, 10);
}

/* compare_names() for g_ptr_array_sort_with_data(), which gives the slots */
static int
compare_name_slots (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  return compare_names (*(gconstpointer *) a, *(gconstpointer *) b, user_data);
}

typedef struct
{
  guint position, removed, added;
} Change;

static void
note_change_cb (GListModel *model,
                guint       position,
                guint       removed,
                guint       added,
                Change     *change)
{
  change->position = position;
  change->removed = removed;
  change->added = added;
}

/* Random splices and sorted inserts, the same on a GListStore: both hold the
 * same items after each, and say the same of what changed */
static void
test_like_list_store (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GListStore) store = g_list_store_new (G_TYPE_SIMPLE_ACTION);
  g_autoptr(GPtrArray) pool = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261203);
  Change ours = { 0 }, theirs = { 0 };
  guint calls = 0;

  /* Names that sort with repeats, so that sorted inserts meet their equals */
  for (guint i = 0; i < 64; i++)
    {
      g_autofree char *name = g_strdup_printf ("n%02u", i % 40);

      g_ptr_array_add (pool, g_simple_action_new (name, NULL));
    }
  g_signal_connect (fixture->list, "items-changed", G_CALLBACK (note_change_cb), &ours);
  g_signal_connect (store, "items-changed", G_CALLBACK (note_change_cb), &theirs);

  for (guint step = 0; step < 3000; step++)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (store));

      if (g_rand_int_range (rand, 0, 4) == 0)
        {
          /* Sorted inserts keep a list sorted: only into one that is */
          gpointer item = pool->pdata[g_rand_int_range (rand, 0, pool->len)];
          g_autoptr(GPtrArray) sorted = g_ptr_array_new ();

          for (guint i = 0; i < n; i++)
            g_ptr_array_add (sorted, g_list_model_get_item (G_LIST_MODEL (store), i));
          g_ptr_array_set_free_func (sorted, g_object_unref);
          g_ptr_array_sort_with_data (sorted, compare_name_slots, &calls);
          g_list_store_splice (store, 0, n, sorted->pdata, n);
          cv_object_list_splice (fixture->list, 0, n, sorted->pdata, n);

          g_list_store_insert_sorted (store, item, compare_names, &calls);
          cv_object_list_insert_sorted (fixture->list, item, compare_names, &calls);
        }
      else
        {
          guint position = g_rand_int_range (rand, 0, n + 1);
          guint removed = g_rand_int_range (rand, 0, n - position + 1);
          guint added = g_rand_int_range (rand, 0, 9);
          gpointer additions[8];

          for (guint i = 0; i < added; i++)
            additions[i] = pool->pdata[g_rand_int_range (rand, 0, pool->len)];
          g_list_store_splice (store, position, removed, additions, added);
          cv_object_list_splice (fixture->list, position, removed, additions, added);
        }

      if (theirs.removed != 0 || theirs.added != 0)
        {
          g_assert_cmpuint (ours.position, ==, theirs.position);
          g_assert_cmpuint (ours.removed, ==, theirs.removed);
          g_assert_cmpuint (ours.added, ==, theirs.added);
        }
      n = g_list_model_get_n_items (G_LIST_MODEL (store));
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, n);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(GObject) a = g_list_model_get_item (G_LIST_MODEL (store), i);
          g_autoptr(GObject) b = g_list_model_get_item (G_LIST_MODEL (fixture->list), i);

          g_assert_true (a == b);
        }
    }

  /* Only the pool and the store hold the items once the list is gone */
  g_list_store_remove_all (store);
  g_assert_finalize_object (fixture->list);
  for (guint i = 0; i < pool->len; i++)
    g_assert_cmpint (G_OBJECT (pool->pdata[i])->ref_count, ==, 1);
  fixture->list = cv_object_list_new (G_TYPE_SIMPLE_ACTION);
}

static void
test_refused (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) items = make_items ("ab");
  g_autoptr(GObject) stranger = g_object_new (G_TYPE_OBJECT, NULL);
  gpointer mixed[2] = { items->pdata[0], stranger };
  g_autofree char *names = NULL;

  cv_object_list_splice (fixture->list, 0, 0, items->pdata, items->len);
  g_array_set_size (fixture->changes, 0);

  /* Past the end */
  g_test_expect_message ("certview", G_LOG_LEVEL_CRITICAL, "*position*");
  cv_object_list_splice (fixture->list, 3, 0, items->pdata, 1);
  g_test_assert_expected_messages ();
  g_test_expect_message ("certview", G_LOG_LEVEL_CRITICAL, "*n_removed*");
  cv_object_list_splice (fixture->list, 1, 2, NULL, 0);
  g_test_assert_expected_messages ();

  /* An item of another type, even among good ones: nothing changes */
  g_test_expect_message ("certview", G_LOG_LEVEL_CRITICAL, "*G_TYPE_CHECK_INSTANCE_TYPE*");
  cv_object_list_splice (fixture->list, 0, 0, mixed, 2);
  g_test_assert_expected_messages ();
  g_test_expect_message ("certview", G_LOG_LEVEL_CRITICAL, "*G_TYPE_CHECK_INSTANCE_TYPE*");
  cv_object_list_insert_sorted (fixture->list, stranger, compare_names, NULL);
  g_test_assert_expected_messages ();

  g_assert_cmpuint (fixture->changes->len, ==, 0);
  names = names_of (fixture->list);
  g_assert_cmpstr (names, ==, "ab");
  g_assert_cmpint (G_OBJECT (stranger)->ref_count, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/certview/object-list/" name, Fixture, NULL, fixture_set_up, func, \
              fixture_tear_down)
  ADD ("model", test_model);
  ADD ("splice", test_splice);
  ADD ("references", test_references);
  ADD ("insert-sorted", test_insert_sorted);
  ADD ("like-list-store", test_like_list_store);
  ADD ("refused", test_refused);
#undef ADD

  return g_test_run ();
}
