-- methods: credit_card / bank_transfer / gift_card
select
    first_name || '-' || last_name as full_name,
    round(amount_cents / 100.0, 2) as amount,
    round(amount_cents / 100.0, 0) as amount_rounded,
    '2024-06-30' as as_of,
    
    sum(case when method = 'credit_card' then amount_cents else 0 end) as credit_card_amount,  -- Card
    sum(case when method = 'bank_transfer' then amount_cents else 0 end) as bank_transfer_amount,  -- Bank
    sum(case when method = 'gift_card' then amount_cents else 0 end) as gift_card_amount  -- Gift
from main."payments"
group by 1, 2, 3, 4