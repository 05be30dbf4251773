/**
 * The NutUI React Taro components this app uses, imported one by one with their own
 * stylesheet (on-demand: the library's full bundle and its 150 KB icon font stay out of
 * the mini-program package). The theme lives in src/theme.less as CSS variables.
 */
import Button from '@nutui/nutui-react-taro/dist/es/packages/button';
import Cell from '@nutui/nutui-react-taro/dist/es/packages/cell';
import CellGroup from '@nutui/nutui-react-taro/dist/es/packages/cellgroup';
import Empty from '@nutui/nutui-react-taro/dist/es/packages/empty';
import Input from '@nutui/nutui-react-taro/dist/es/packages/input';
import Progress from '@nutui/nutui-react-taro/dist/es/packages/progress';
import Skeleton from '@nutui/nutui-react-taro/dist/es/packages/skeleton';
import Switch from '@nutui/nutui-react-taro/dist/es/packages/switch';
import Tag from '@nutui/nutui-react-taro/dist/es/packages/tag';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/style.css';
import '@nutui/nutui-react-taro/dist/es/packages/cell/style/style.css';
import '@nutui/nutui-react-taro/dist/es/packages/cellgroup/style/style.css';
import '@nutui/nutui-react-taro/dist/es/packages/empty/style/style.css';
import '@nutui/nutui-react-taro/dist/es/packages/input/style/style.css';
import '@nutui/nutui-react-taro/dist/es/packages/progress/style/style.css';
import '@nutui/nutui-react-taro/dist/es/packages/skeleton/style/style.css';
import '@nutui/nutui-react-taro/dist/es/packages/switch/style/style.css';
import '@nutui/nutui-react-taro/dist/es/packages/tag/style/style.css';

export { Button, Cell, CellGroup, Empty, Input, Progress, Skeleton, Switch, Tag };
