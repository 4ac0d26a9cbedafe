

select '
    
        big
    
' as loose,
       'small' as trimmed,
       0 as c0,
       1 as c1,
       2 as c2