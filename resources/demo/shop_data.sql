-- Synthetic data for the demo shop, generated set-based. Run once, right after shop_schema.sql, in one
-- transaction:  psql -v orders=100000 -f shop_data.sql
-- The psql variable "orders" sets the scale (default 1000); customers, products, items and payments follow it.
-- setseed() makes the data the same on every machine.

\if :{?orders}
\else
\set orders 1000
\endif

select greatest(:orders / 5, 100) as customers,
       least(greatest(:orders / 50, 50), 2000) as products
\gset

select setseed(0.2024);

-- Customers: made-up names at example.* addresses, fake SSNs for most of them.
with names as (
    select array['Ava', 'Liam', 'Olivia', 'Noah', 'Emma', 'Oliver', 'Sophia', 'Elijah', 'Isabella', 'Lucas',
                 'Mia', 'Mateo', 'Amelia', 'Levi', 'Harper', 'Ethan', 'Evelyn', 'James', 'Aria', 'Benjamin',
                 'Chloe', 'Henry', 'Zoe', 'Samuel', 'Nora', 'Daniel', 'Lily', 'Jack', 'Hana', 'Omar',
                 'Priya', 'Kenji', 'Fatima', 'Diego', 'Ingrid', 'Tariq', 'Mei', 'Andrei', 'Lucia', 'Kwame'] as first,
           array['Smith', 'Johnson', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Lopez', 'Wilson',
                 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez', 'Thompson',
                 'White', 'Harris', 'Clark', 'Lewis', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott',
                 'Nguyen', 'Hill', 'Adams', 'Baker', 'Nakamura', 'Okafor', 'Schmidt', 'Rossi', 'Novak',
                 'Kowalski', 'Haddad', 'Silva'] as last
)
insert into customers (id, email, full_name, phone, ssn, date_of_birth, country, marketing_opt_in,
                       consent_recorded_at, loyalty_tier, created_at)
select i,
       lower(format('%s.%s%s@%s', n.first[1 + i % 40], n.last[1 + (i / 40) % 40], i,
                    (array['example.com', 'example.org', 'example.net'])[1 + i % 3])),
       n.first[1 + i % 40] || ' ' || n.last[1 + (i / 40) % 40],
       case when random() < 0.8 then format('+1-555-%s', lpad((i % 10000)::text, 4, '0')) end,
       case when random() < 0.9
            then format('%s-%s-%s', 100 + floor(random() * 800)::int, lpad((1 + floor(random() * 98))::int::text, 2, '0'),
                        lpad((1 + floor(random() * 9998))::int::text, 4, '0'))
       end,
       date '1950-01-01' + floor(random() * 20000)::int,
       (array['US', 'US', 'US', 'US', 'CA', 'GB', 'DE', 'FR', 'MX', 'JP'])[1 + floor(random() * 10)::int],
       random() < 0.35,
       now() - random() * interval '1400 days',
       (array['standard', 'standard', 'standard', 'standard', 'silver', 'silver', 'gold', 'platinum'])
           [1 + floor(random() * 8)::int],
       now() - interval '730 days' - random() * interval '730 days'
  from generate_series(1, :customers) i, names n;
update customers set consent_recorded_at = null where not marketing_opt_in;

-- Back-office staff.
with names as (
    select array['Grace', 'Victor', 'Rosa', 'Felix', 'Nadia', 'Hugo', 'Leila', 'Marcus', 'Yuki', 'Pablo',
                 'Erin', 'Tomas', 'Anya', 'Rahul', 'Clara', 'Jonas', 'Sana', 'Derek', 'Maya', 'Ivan',
                 'Helen', 'Kofi', 'Iris', 'Simon', 'Dana', 'Oscar', 'Ruth', 'Malik', 'Vera', 'Theo',
                 'Alma', 'Bruno', 'Celia', 'Dmitri', 'Elsa', 'Farid', 'Gwen', 'Hector', 'Ines', 'Jules'] as first,
           array['Reyes', 'Brooks', 'Kim', 'Patel', 'Ward', 'Cruz', 'Fischer', 'Hughes', 'Sato', 'Diaz'] as last
)
insert into users (id, username, email, full_name, ssn, role, is_active, created_at, last_login_at)
select i,
       lower(n.first[i] || '.' || n.last[1 + i % 10]),
       lower(n.first[i] || '.' || n.last[1 + i % 10]) || '@shop.example.com',
       n.first[i] || ' ' || n.last[1 + i % 10],
       format('%s-%s-%s', 100 + floor(random() * 800)::int, lpad((1 + floor(random() * 98))::int::text, 2, '0'),
              lpad((1 + floor(random() * 9998))::int::text, 4, '0')),
       (array['support', 'support', 'support', 'warehouse', 'warehouse', 'finance', 'admin'])[1 + i % 7],
       random() < 0.9,
       now() - random() * interval '2000 days',
       now() - random() * interval '30 days'
  from generate_series(1, 40) i, names n;

-- Products.
insert into products (id, sku, name, description, category, price_cents, stock, active, created_at)
select i,
       format('%s-%s', upper(left(c.category, 3)), lpad(i::text, 5, '0')),
       (array['Classic', 'Compact', 'Deluxe', 'Eco', 'Pro', 'Smart', 'Travel', 'Vintage'])[1 + i % 8] || ' ' ||
           (array['Kettle', 'Lamp', 'Backpack', 'Speaker', 'Notebook', 'Planter', 'Blender', 'Headphones',
                  'Chair', 'Puzzle', 'Tent', 'Serum'])[1 + (i / 8) % 12],
       case when i % 5 <> 0 then 'A dependable product our customers love.' end,
       c.category,
       199 + floor(power(random(), 2) * 50000)::int,
       floor(random() * 500)::int,
       random() < 0.95,
       now() - interval '800 days' - random() * interval '400 days'
  from generate_series(1, :products) i
  cross join lateral (select (array['Kitchen', 'Garden', 'Books', 'Toys', 'Audio', 'Outdoor', 'Office', 'Beauty'])
                                 [1 + i % 8] as category) c;

-- Orders over the last two years; a few customers order a lot, most a little. The CTE is materialised so
-- that each random() is drawn once per order.
with base as materialized (
    select i,
           1 + floor(power(random(), 1.6) * :customers)::bigint as customer_id,
           now() - random() * interval '730 days' as placed_at,
           random() as r1, random() as r2, random() as r3
      from generate_series(1, :orders) i
), staged as (
    select b.*,
           case when b.placed_at > now() - interval '1 day' then case when b.r1 < 0.6 then 'pending' else 'paid' end
                when b.placed_at > now() - interval '4 days' then case when b.r1 < 0.2 then 'paid' else 'shipped' end
                when b.r1 < 0.04 then 'cancelled'
                when b.r1 < 0.06 then 'refunded'
                else 'delivered'
           end as status
      from base b
)
insert into orders (id, customer_id, status, sales_channel, shipping_country, placed_at, shipped_at)
select s.i, s.customer_id, s.status,
       case when s.placed_at < now() - interval '540 days' then null
            when s.r2 < 0.55 then 'web'
            when s.r2 < 0.85 then 'mobile'
            when s.r2 < 0.97 then 'marketplace'
            else 'phone'
       end,
       c.country,
       s.placed_at,
       case when s.status in ('shipped', 'delivered', 'refunded')
            then least(now(), s.placed_at + (0.5 + s.r3 * 3) * interval '1 day')
       end
  from staged s
  join customers c on c.id = s.customer_id;

-- One to four lines per order, at the product's price.
with lines as materialized (
    select o.id as order_id, l::smallint as line_no,
           1 + floor(random() * :products)::bigint as product_id,
           1 + floor(power(random(), 3) * 5)::int as quantity
      from orders o
     cross join lateral generate_series(1, 1 + (hashint8(o.id) & 3)::int) l
)
insert into order_items (order_id, line_no, product_id, quantity, unit_price_cents)
select l.order_id, l.line_no, l.product_id, l.quantity, p.price_cents
  from lines l
  join products p on p.id = l.product_id;

update orders o
   set total_cents = t.total
  from (select order_id, sum(quantity * unit_price_cents) as total from order_items group by order_id) t
 where t.order_id = o.id;

-- A payment for every order past "pending"; about 3% of orders had a declined card first.
insert into payments (order_id, method, status, amount_cents, currency, provider_ref, created_at, captured_at)
select o.id, 'card', 'failed', o.total_cents, 'USD', 'ch_' || left(md5('declined-' || o.id), 24),
       o.placed_at + interval '20 seconds', null
  from orders o
 where o.status <> 'pending' and abs(hashint8(o.id) % 100) < 3
union all
select o.id,
       (array['card', 'card', 'card', 'card', 'paypal', 'paypal', 'bank_transfer', 'gift_card'])
           [1 + floor(random() * 8)::int],
       case o.status when 'cancelled' then 'failed'
                     when 'refunded' then 'refunded'
                     when 'paid' then 'authorized'
                     else 'captured' end,
       o.total_cents, 'USD', 'ch_' || left(md5('payment-' || o.id), 24),
       o.placed_at + interval '1 minute',
       case when o.status in ('shipped', 'delivered', 'refunded') then o.placed_at + interval '1 minute' end
  from orders o
 where o.status <> 'pending';

select setval(pg_get_serial_sequence('customers', 'id'), max(id)) from customers;
select setval(pg_get_serial_sequence('users', 'id'), max(id)) from users;
select setval(pg_get_serial_sequence('products', 'id'), max(id)) from products;
select setval(pg_get_serial_sequence('orders', 'id'), max(id)) from orders;

analyze;
