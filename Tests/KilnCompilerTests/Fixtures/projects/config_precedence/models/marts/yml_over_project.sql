-- project tree says table, schema.yml says view
select order_id, status from {{ ref('stg_orders') }}
