-- Column-lineage golden cases. Each case: `-- case: NAME`, optional `-- dialect: sqlite|postgres`
-- (default: both), `-- tables: t(a, b) u(c)` (relations with known columns; any other relation
-- has unknown columns), `-- oracle: no` when the statement cannot run on the declared tables,
-- then the statement. Expected/lineage.<dialect>.txt holds what Kiln derives.

-- case: copy_columns
-- tables: t(a, b, c)
select a, b from t

-- case: rename_with_as
-- tables: t(a, b, c)
select a as x, t.b y from t

-- case: star
-- tables: t(a, b, c)
select * from t

-- case: qualified_star_in_join
-- tables: t(id, a) u(id, b)
select t.*, u.b from t join u on u.id = t.id

-- case: star_over_join
-- tables: t(id, a) u(uid, b)
select * from t, u where t.id = u.uid

-- case: arithmetic
-- tables: t(a, b)
select a + b * 2 as s, -a as neg from t

-- case: string_concat_and_literals
-- tables: t(first_name text, last_name text)
select first_name || ' ' || last_name as full_name, 'x' as k, 1 as one, null as nil_value from t

-- case: case_when
-- tables: t(status text, amount)
select case when status = 'paid' then amount else 0 end as paid_amount,
       case status when 'a' then 'active' else 'other' end as label
from t

-- case: coalesce_and_functions
-- tables: t(a, b, s text)
select coalesce(a, b, 0) as ab, lower(trim(s)) as clean, substr(s, 1, 3) as pre from t

-- case: cast_function
-- tables: t(a)
select cast(a as integer) as ai, cast(a as numeric(10, 2)) as an from t

-- case: postgres_cast_operator
-- dialect: postgres
-- tables: t(a text, d text)
select a::int as ai, d::timestamp with time zone as dt, a::text[] as arr, (a)::numeric(5,1) as n from t

-- case: aggregates_group_by
-- tables: t(customer_id, amount, status text)
select customer_id, sum(amount) as total, count(*) as n, count(distinct status) as statuses
from t group by customer_id

-- case: having_and_group_alias
-- tables: t(customer_id, amount)
select customer_id as cid, max(amount) as top from t group by cid having sum(amount) > 10

-- case: group_by_position
-- tables: t(plan, amount)
select plan, avg(amount) as avg_amount from t group by 1

-- case: where_filter
-- tables: t(a, b, deleted)
select a from t where deleted = 0 and b > 1

-- case: inner_join_on
-- tables: orders(id, customer_id, amount) customers(id, name)
select c.name, o.amount from orders o inner join customers c on c.id = o.customer_id

-- case: left_join_using
-- tables: orders(id, customer_id, amount) payments(customer_id, paid)
select orders.id, payments.paid from orders left join payments using (customer_id)

-- case: full_and_cross_join
-- tables: a(x) b(y) c(z)
select a.x, b.y, c.z from a full outer join b on a.x = b.y cross join c

-- case: simple_cte
-- tables: t(id, amount)
with s as (select id, amount * 100 as cents from t) select id, cents from s

-- case: chained_ctes
-- tables: t(id, amount, kind text)
with a as (select id, amount from t where kind = 'x'),
     b as (select id, sum(amount) as total from a group by id)
select b.id, b.total from b

-- case: cte_star_and_column_list
-- tables: t(id, amount)
with s(k, v) as (select id, amount from t) select * from s

-- case: derived_table
-- tables: t(id, amount)
select d.id, d.doubled from (select id, amount * 2 as doubled from t) as d

-- case: derived_table_column_aliases
-- dialect: postgres
-- tables: t(id, amount)
select k, v from (select id, amount from t) as d(k, v)

-- case: scalar_subquery
-- tables: t(id, amount) u(id, score)
select id, (select max(score) from u where u.id = t.id) as best from t

-- case: exists_filter
-- tables: t(id, amount) u(id)
select id from t where exists (select 1 from u where u.id = t.id)

-- case: in_subquery_and_list
-- tables: t(id, kind text) u(id)
select id from t where id in (select id from u) and kind in ('a', 'b')

-- case: union_all
-- tables: t(id, a) u(id, b)
select id, a as v from t union all select id, b from u

-- case: intersect_except
-- tables: t(id) u(id) w(id)
select id from t intersect select id from u except select id from w

-- case: union_in_cte
-- tables: t(id, a) u(id, b)
with unioned as (select id, a as v from t union select id, b as v from u) select v from unioned

-- case: window_function
-- tables: t(customer_id, created_at, amount)
select customer_id,
       row_number() over (partition by customer_id order by created_at) as rn,
       sum(amount) over (order by created_at rows between unbounded preceding and current row) as running
from t

-- case: named_window
-- tables: t(g, x, y)
select g, rank() over w as r from t window w as (partition by g order by x)

-- case: lag_lead
-- tables: t(id, ts, v)
select id, lag(v, 1) over (order by ts) as prev_v, v - lead(v) over (order by ts) as delta from t

-- case: aggregate_filter
-- dialect: postgres
-- tables: t(status text, amount)
select count(*) filter (where status = 'paid') as paid_count, sum(amount) filter (where status <> 'x') as s from t

-- case: quoted_identifiers
-- tables: t("Mixed Case", "select")
select "Mixed Case" as "Out Name", t."select" from t

-- case: sqlite_quoting
-- dialect: sqlite
-- tables: t(a, b)
select [a] as x, `b` as y from main."t"

-- case: schema_qualified_tables
-- oracle: sqlite
-- tables: t(a)
select main_t.a from main.t as main_t

-- case: distinct
-- tables: t(a, b)
select distinct a, b from t

-- case: distinct_on
-- dialect: postgres
-- tables: t(id, ts, v)
select distinct on (id) id, v from t order by id, ts desc

-- case: order_limit_offset
-- tables: t(a, b)
select a from t order by b desc limit 10 offset 5

-- case: between_like_is_null
-- tables: t(a, b, c, s text)
select a from t where b between 1 and 10 and s like 'x%' and c is not null

-- case: nested_case_and_functions
-- tables: t(a, b)
select round(case when a > 0 then 1.0 * b / a else null end, 2) as ratio from t

-- case: unaliased_expressions
-- tables: t(a, b text)
select a + 1, upper(b), a from t

-- case: correlated_in_select_list
-- tables: customers(id) orders(customer_id, amount)
select id, (select count(*) from orders o where o.customer_id = c.id) as order_count from customers c

-- case: self_join
-- tables: emp(id, manager_id, name text)
select e.name as employee, m.name as manager from emp e left join emp m on m.id = e.manager_id

-- case: recursive_cte
-- tables: emp(id, manager_id)
with recursive chain(id, depth) as (
  select id, 0 from emp where manager_id is null
  union all
  select e.id, chain.depth + 1 from emp e join chain on e.manager_id = chain.id
)
select id, depth from chain

-- case: values_cte
-- tables: t(a)
with v(k, label) as (values (1, 'one'), (2, 'two')) select t.a, v.label from t join v on v.k = t.a

-- case: extract_and_interval
-- dialect: postgres
-- tables: t(created_at timestamp)
select extract(year from created_at) as y, created_at + interval '1 day' as next_day, date '2024-01-01' as d0 from t

-- case: postgres_string_forms
-- dialect: postgres
-- tables: t(a)
select E'it\'s' as e, $$dollar 'quoted'$$ as d, $tag$x$tag$ as t2, a from t

-- case: sqlite_date_functions
-- dialect: sqlite
-- tables: t(ts)
select date(ts) as d, julianday('2024-01-01') - julianday(ts) as age_days, strftime('%Y', ts) as y from t

-- case: string_agg_order_by
-- dialect: postgres
-- tables: t(g, name text)
select g, string_agg(name, ', ' order by name) as names from t group by g

-- case: group_concat
-- dialect: sqlite
-- tables: t(g, name)
select g, group_concat(name, ', ') as names from t group by g

-- case: ephemeral_cte_like_dbt
-- tables: raw(id, email text)
with __dbt__cte__base as (select id, lower(email) as email from raw),
customers as (select * from __dbt__cte__base)
select customers.email from customers

-- case: comments_everywhere
-- tables: t(a)
-- leading comment
select /* inline */ a -- trailing
from t /* end */ ;

-- case: unknown_relation_star
-- oracle: no
select * from somewhere_else

-- case: unknown_relation_columns
-- oracle: no
select a, b + 1 as c from unknown_tbl where d > 0

-- case: json_operators
-- dialect: postgres
-- tables: t(doc jsonb)
select doc ->> 'name' as name, doc -> 'tags' as tags, doc #>> '{a,b}' as ab from t

-- case: union_in_derived_table
-- tables: t(id) u(id)
select x.id from (select id from t union select id from u) as x

-- case: nested_set_operation_in_parens
-- dialect: postgres
-- tables: t(id) u(id)
select id from ((select id from t) union (select id from u)) as x

-- case: not_in_not_like
-- tables: t(a, s text)
select a from t where a not in (1, 2) and s not like '%x'

-- case: lateral_join
-- dialect: postgres
-- tables: t(id) u(t_id, v)
select t.id, l.top from t cross join lateral (select max(v) as top from u where u.t_id = t.id) as l

-- case: error_unterminated_string
-- oracle: no
select 'abc from t

-- case: error_not_a_select
-- oracle: no
insert into t values (1)

-- case: error_trailing_garbage
-- oracle: no
select a from t ) where

-- case: error_unbalanced_parens
-- oracle: no
select (a + from t
