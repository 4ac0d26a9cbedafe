select account_id from {{ ref('base_accounts') }}
