select 1 as payment_id, 'credit_card' as method, 1050 as amount_cents, 'ann' as first_name, 'lee' as last_name
union all
select 2, 'bank_transfer', 2000, 'bo', 'kim'
union all
select 3, 'gift_card', 500, 'cy', 'ng'
