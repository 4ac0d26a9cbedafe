-- no config here or in yml: folder tree says table
select order_id from {{ ref('stg_orders') }}
